import { type FlinkType, parseFlinkType } from '@sluice/dag';

/**
 * What the batch runner needs to know about a column's Flink SQL type to convert its values: a
 * family, the length/precision/scale, integer ranges. Parsing is `@sluice/dag`'s (the validator's
 * own parser), so the runner reads a type exactly as the validator accepted it.
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
  /** Normalised spelling for messages (`STRING`, `DECIMAL(10, 2)`, `TIMESTAMP_LTZ(3)`). */
  root: string;
  /** CHAR/VARCHAR/BINARY length, DECIMAL precision, TIME/TIMESTAMP fractional precision. */
  precision?: number;
  scale?: number;
  nullable: boolean;
  /** Integer range of TINYINT/SMALLINT/INT, so out-of-range values fail before the sink does. */
  min?: number;
  max?: number;
}

const INT_RANGES: Record<string, [number, number]> = {
  TINYINT: [-128, 127],
  SMALLINT: [-32_768, 32_767],
  INT: [-2_147_483_648, 2_147_483_647],
};

function familyOf(type: FlinkType): TypeFamily {
  switch (type.kind) {
    case 'BOOLEAN':
      return 'boolean';
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return 'int';
    case 'BIGINT':
      return 'bigint';
    case 'FLOAT':
    case 'DOUBLE':
      return 'float';
    case 'DECIMAL':
      return 'decimal';
    case 'CHAR':
    case 'VARCHAR':
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      return 'string';
    case 'BINARY':
    case 'VARBINARY':
      return 'bytes';
    case 'DATE':
      return 'date';
    case 'TIME':
      return 'time';
    case 'TIMESTAMP':
      return 'timestamp';
    case 'TIMESTAMP_LTZ':
      return 'timestamp_ltz';
    default:
      return 'structured'; // ARRAY, MULTISET, MAP, ROW, VARIANT: JSON values as they are
  }
}

/**
 * Parses a column's Flink SQL type. Throws with the parser's message (which names the position).
 *
 * @example
 * parseColumnType('DECIMAL(10, 2) NOT NULL'); // { family: 'decimal', root: 'DECIMAL(10, 2) NOT NULL', precision: 10, scale: 2, nullable: false }
 * parseColumnType('TIMESTAMP(3) WITH LOCAL TIME ZONE').family; // 'timestamp_ltz'
 */
export function parseColumnType(type: string): ColumnType {
  const parsed = parseFlinkType(type);
  if (!parsed.ok) throw new Error(`type \`${type}\`: ${parsed.error.message}`);
  const t = parsed.type;
  const result: ColumnType = { family: familyOf(t), root: parsed.normalized, nullable: t.nullable };
  if ('length' in t) result.precision = t.length;
  if ('precision' in t) result.precision = t.precision;
  if ('scale' in t) result.scale = t.scale;
  const range = INT_RANGES[t.kind];
  if (range) [result.min, result.max] = range;
  return result;
}
