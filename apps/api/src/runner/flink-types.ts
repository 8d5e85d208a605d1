/**
 * Just enough of Flink SQL's type grammar for the batch runner to convert values: the root type, its
 * length/precision/scale, and whether it carries a time zone. Full validation (ROW fields, ranges)
 * is `@sluice/dag`'s job; a job reaches the runner only after it validated.
 */

export type TypeFamily =
  | 'string'
  | 'boolean'
  | 'int'
  | 'bigint'
  | 'float'
  | 'decimal'
  | 'bytes'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamp_ltz'
  | 'structured';

export interface ColumnType {
  family: TypeFamily;
  /** The root keyword as written, upper-cased (`VARCHAR`, `TIMESTAMP_LTZ`, `ROW`). */
  root: string;
  /** CHAR/VARCHAR/BINARY length, DECIMAL precision, TIME/TIMESTAMP fractional precision. */
  precision?: number;
  scale?: number;
  nullable: boolean;
  /** Integer range for TINYINT/SMALLINT/INT, so out-of-range values fail before the sink does. */
  min?: number;
  max?: number;
}

const INT_RANGES: Record<string, [number, number]> = {
  TINYINT: [-128, 127],
  SMALLINT: [-32_768, 32_767],
  INT: [-2_147_483_648, 2_147_483_647],
  INTEGER: [-2_147_483_648, 2_147_483_647],
};

const FAMILIES: Record<string, TypeFamily> = {
  CHAR: 'string',
  VARCHAR: 'string',
  STRING: 'string',
  BOOLEAN: 'boolean',
  TINYINT: 'int',
  SMALLINT: 'int',
  INT: 'int',
  INTEGER: 'int',
  BIGINT: 'bigint',
  FLOAT: 'float',
  REAL: 'float',
  DOUBLE: 'float',
  DECIMAL: 'decimal',
  DEC: 'decimal',
  NUMERIC: 'decimal',
  BINARY: 'bytes',
  VARBINARY: 'bytes',
  BYTES: 'bytes',
  DATE: 'date',
  TIME: 'time',
  TIMESTAMP: 'timestamp',
  TIMESTAMP_LTZ: 'timestamp_ltz',
  ARRAY: 'structured',
  MAP: 'structured',
  MULTISET: 'structured',
  ROW: 'structured',
  RAW: 'structured',
  VARIANT: 'structured',
};

/**
 * Parses the leading type of a column declaration.
 *
 * @example
 * parseColumnType('DECIMAL(10, 2) NOT NULL'); // { family: 'decimal', root: 'DECIMAL', precision: 10, scale: 2, nullable: false }
 * parseColumnType('TIMESTAMP(3) WITH LOCAL TIME ZONE').family; // 'timestamp_ltz'
 */
export function parseColumnType(type: string): ColumnType {
  const text = type.trim().replace(/\s+/g, ' ');
  const upper = text.toUpperCase();
  const match = /^([A-Z_]+(?: PRECISION)?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?/.exec(upper);
  if (!match) throw new Error(`unsupported column type \`${type}\``);
  let root = match[1] === 'DOUBLE PRECISION' ? 'DOUBLE' : (match[1] as string);
  if (root === 'INTERVAL') return { family: 'string', root, nullable: !/\bNOT NULL\s*$/.test(upper) };
  const family = FAMILIES[root];
  if (!family) throw new Error(`unsupported column type \`${type}\``);
  const rest = upper.slice(match[0].length);
  const result: ColumnType = { family, root, nullable: !/\bNOT NULL\s*$/.test(upper) };
  if (family === 'timestamp' && /^\s*WITH (?:LOCAL )?TIME ZONE/.test(rest)) {
    result.family = 'timestamp_ltz';
    root = 'TIMESTAMP_LTZ';
    result.root = root;
  }
  if (match[2] !== undefined) result.precision = Number(match[2]);
  if (match[3] !== undefined) result.scale = Number(match[3]);
  const range = INT_RANGES[root];
  if (range) [result.min, result.max] = range;
  return result;
}
