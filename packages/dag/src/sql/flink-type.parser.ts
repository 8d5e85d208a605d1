/**
 * Parser for Flink SQL data types (Flink 2.2 grammar): nested ROW/ARRAY/MAP/MULTISET, precision
 * and length parameters with their documented ranges, the TIMESTAMP zone variants, INTERVAL
 * qualifiers and NOT NULL. It returns a type tree and a normalised spelling (the same spelling
 * Flink prints in `asSummaryString`, e.g. `INTEGER` becomes `INT`, `VARCHAR(2147483647)` becomes
 * `STRING`), or an error that names the position in the input.
 */

import { didYouMean } from '../util/text.js';
import { isKeyword, isSymbol, lexSql, SqlLexError, type SqlToken } from './sql-lexer.js';
import { quoteIdentifier, quoteString } from './sql-quote.js';

/** Largest length of CHAR/VARCHAR/BINARY/VARBINARY (Java `Integer.MAX_VALUE`). */
export const MAX_LENGTH = 2147483647;

export type SimpleTypeKind =
  | 'BOOLEAN'
  | 'TINYINT'
  | 'SMALLINT'
  | 'INT'
  | 'BIGINT'
  | 'FLOAT'
  | 'DOUBLE'
  | 'DATE'
  | 'VARIANT';

export type YearMonthResolution = 'YEAR' | 'YEAR_TO_MONTH' | 'MONTH';
export type DayTimeResolution =
  | 'DAY'
  | 'DAY_TO_HOUR'
  | 'DAY_TO_MINUTE'
  | 'DAY_TO_SECOND'
  | 'HOUR'
  | 'HOUR_TO_MINUTE'
  | 'HOUR_TO_SECOND'
  | 'MINUTE'
  | 'MINUTE_TO_SECOND'
  | 'SECOND';

/** A parsed Flink SQL data type. `nullable` is false when the type carries `NOT NULL`. */
export type FlinkType =
  | { kind: SimpleTypeKind; nullable: boolean }
  | { kind: 'CHAR' | 'VARCHAR' | 'BINARY' | 'VARBINARY'; length: number; nullable: boolean }
  | { kind: 'DECIMAL'; precision: number; scale: number; nullable: boolean }
  | { kind: 'TIME' | 'TIMESTAMP' | 'TIMESTAMP_LTZ'; precision: number; nullable: boolean }
  | { kind: 'INTERVAL_YEAR_MONTH'; resolution: YearMonthResolution; yearPrecision: number; nullable: boolean }
  | {
      kind: 'INTERVAL_DAY_TIME';
      resolution: DayTimeResolution;
      dayPrecision: number;
      fractionalPrecision: number;
      nullable: boolean;
    }
  | { kind: 'ARRAY' | 'MULTISET'; element: FlinkType; nullable: boolean }
  | { kind: 'MAP'; key: FlinkType; value: FlinkType; nullable: boolean }
  | { kind: 'ROW'; fields: RowField[]; nullable: boolean };

export interface RowField {
  name: string;
  type: FlinkType;
  description?: string;
}

export interface TypeParseError {
  /** Plain-language message; mentions the 1-based character position. */
  message: string;
  /** 0-based offset into the input where the problem starts. */
  position: number;
}

export type TypeParseResult =
  | { ok: true; type: FlinkType; normalized: string }
  | { ok: false; error: TypeParseError };

const SIMPLE: Record<string, SimpleTypeKind> = {
  BOOLEAN: 'BOOLEAN',
  TINYINT: 'TINYINT',
  SMALLINT: 'SMALLINT',
  INT: 'INT',
  INTEGER: 'INT',
  BIGINT: 'BIGINT',
  FLOAT: 'FLOAT',
  DATE: 'DATE',
  VARIANT: 'VARIANT',
};

/** Every type keyword the parser accepts; used for "did you mean" hints. */
const KNOWN_TYPE_NAMES = [
  ...Object.keys(SIMPLE),
  'DOUBLE',
  'DECIMAL',
  'DEC',
  'NUMERIC',
  'CHAR',
  'VARCHAR',
  'STRING',
  'BINARY',
  'VARBINARY',
  'BYTES',
  'TIME',
  'TIMESTAMP',
  'TIMESTAMP_LTZ',
  'INTERVAL',
  'ARRAY',
  'MULTISET',
  'MAP',
  'ROW',
];

class TypeSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/**
 * Parses a Flink SQL data type.
 *
 * @example
 * const r = parseFlinkType('row<id bigint not null, tags array<string>>');
 * if (r.ok) r.normalized; // 'ROW<`id` BIGINT NOT NULL, `tags` ARRAY<STRING>>'
 * parseFlinkType('DECIMAL(40, 2)'); // { ok: false, error: { message: 'DECIMAL precision must be between 1 and 38, got 40 (at character 9)', position: 8 } }
 */
export function parseFlinkType(text: string): TypeParseResult {
  let tokens: SqlToken[];
  try {
    tokens = lexSql(text);
  } catch (e) {
    if (e instanceof SqlLexError) {
      return {
        ok: false,
        error: { message: `${e.message} (at character ${e.position + 1})`, position: e.position },
      };
    }
    throw e;
  }
  const parser = new TypeParser(tokens, text.length);
  try {
    if (tokens.length === 0) throw new TypeSyntaxError('The type is empty', 0);
    const type = parser.parseType();
    const rest = parser.peek();
    if (rest !== undefined) {
      throw new TypeSyntaxError(`Unexpected ${describe(rest)} after the type`, rest.start);
    }
    return { ok: true, type, normalized: formatFlinkType(type) };
  } catch (e) {
    if (e instanceof TypeSyntaxError) {
      return {
        ok: false,
        error: { message: `${e.message} (at character ${e.position + 1})`, position: e.position },
      };
    }
    throw e;
  }
}

function describe(token: SqlToken): string {
  if (token.kind === 'string') return `text '${token.value}'`;
  return `'${token.text}'`;
}

class TypeParser {
  private i = 0;

  constructor(
    private readonly tokens: SqlToken[],
    private readonly length: number,
  ) {}

  peek(offset = 0): SqlToken | undefined {
    return this.tokens[this.i + offset];
  }

  private next(): SqlToken | undefined {
    return this.tokens[this.i++];
  }

  private here(): number {
    return this.peek()?.start ?? this.length;
  }

  private expectSymbol(symbol: string, context: string): SqlToken {
    const t = this.peek();
    if (!isSymbol(t, symbol)) {
      const found = t === undefined ? 'the end of the type' : describe(t);
      throw new TypeSyntaxError(`Expected '${symbol}' ${context}, found ${found}`, this.here());
    }
    this.i++;
    return t!;
  }

  private expectKeyword(keyword: string, context: string): void {
    const t = this.peek();
    if (!isKeyword(t, keyword)) {
      const found = t === undefined ? 'the end of the type' : describe(t);
      throw new TypeSyntaxError(`Expected ${keyword} ${context}, found ${found}`, this.here());
    }
    this.i++;
  }

  private acceptKeyword(keyword: string): boolean {
    if (isKeyword(this.peek(), keyword)) {
      this.i++;
      return true;
    }
    return false;
  }

  private integer(what: string): { value: number; position: number } {
    const t = this.peek();
    if (t === undefined || t.kind !== 'number' || !/^\d+$/.test(t.text)) {
      const found = t === undefined ? 'the end of the type' : describe(t);
      throw new TypeSyntaxError(`Expected a whole number for ${what}, found ${found}`, this.here());
    }
    this.i++;
    const value = Number(t.text);
    return { value: Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER, position: t.start };
  }

  private ranged(what: string, min: number, max: number): number {
    const { value, position } = this.integer(what);
    if (value < min || value > max) {
      throw new TypeSyntaxError(`${what} must be between ${min} and ${max}, got ${value}`, position);
    }
    return value;
  }

  /** `( n )` when present, otherwise the default. */
  private optionalParam(what: string, min: number, max: number, fallback: number): number {
    if (!isSymbol(this.peek(), '(')) return fallback;
    this.i++;
    const value = this.ranged(what, min, max);
    this.expectSymbol(')', `to close the ${what}`);
    return value;
  }

  parseType(): FlinkType {
    let type = this.parseBase();
    type = this.parseNullability(type);
    for (;;) {
      const t = this.peek();
      if (isKeyword(t, 'ARRAY') || isKeyword(t, 'MULTISET')) {
        this.i++;
        const kind = t!.value.toUpperCase() as 'ARRAY' | 'MULTISET';
        type = this.parseNullability({ kind, element: type, nullable: true });
        continue;
      }
      return type;
    }
  }

  private parseNullability(type: FlinkType): FlinkType {
    if (isKeyword(this.peek(), 'NOT') && isKeyword(this.peek(1), 'NULL')) {
      this.i += 2;
      return { ...type, nullable: false };
    }
    if (isKeyword(this.peek(), 'NULL')) {
      this.i++;
      return { ...type, nullable: true };
    }
    return type;
  }

  private parseBase(): FlinkType {
    const t = this.next();
    if (t === undefined) throw new TypeSyntaxError('Expected a type, found the end of the type', this.length);
    if (t.kind !== 'ident') {
      throw new TypeSyntaxError(`Expected a type name, found ${describe(t)}`, t.start);
    }
    const name = t.value.toUpperCase();
    const simple = SIMPLE[name];
    if (simple !== undefined) return { kind: simple, nullable: true };
    switch (name) {
      case 'DOUBLE':
        this.acceptKeyword('PRECISION');
        return { kind: 'DOUBLE', nullable: true };
      case 'DECIMAL':
      case 'DEC':
      case 'NUMERIC':
        return this.parseDecimal();
      case 'CHAR':
      case 'VARCHAR':
      case 'BINARY':
      case 'VARBINARY':
        return {
          kind: name,
          length: this.optionalParam(`${name} length`, 1, MAX_LENGTH, 1),
          nullable: true,
        };
      case 'STRING':
        return { kind: 'VARCHAR', length: MAX_LENGTH, nullable: true };
      case 'BYTES':
        return { kind: 'VARBINARY', length: MAX_LENGTH, nullable: true };
      case 'TIME': {
        const precision = this.optionalParam('TIME precision', 0, 9, 0);
        if (isKeyword(this.peek(), 'WITHOUT')) {
          this.i++;
          this.expectKeyword('TIME', 'after WITHOUT');
          this.expectKeyword('ZONE', 'after WITHOUT TIME');
        }
        return { kind: 'TIME', precision, nullable: true };
      }
      case 'TIMESTAMP':
        return this.parseTimestamp(t);
      case 'TIMESTAMP_LTZ':
        return {
          kind: 'TIMESTAMP_LTZ',
          precision: this.optionalParam('TIMESTAMP_LTZ precision', 0, 9, 6),
          nullable: true,
        };
      case 'INTERVAL':
        return this.parseInterval();
      case 'ARRAY':
      case 'MULTISET': {
        this.expectSymbol('<', `after ${name}`);
        const element = this.parseType();
        this.expectSymbol('>', `to close ${name}<`);
        return { kind: name, element, nullable: true };
      }
      case 'MAP': {
        this.expectSymbol('<', 'after MAP');
        const key = this.parseType();
        this.expectSymbol(',', 'between the MAP key and value types');
        const value = this.parseType();
        this.expectSymbol('>', 'to close MAP<');
        return { kind: 'MAP', key, value, nullable: true };
      }
      case 'ROW':
        return this.parseRow();
      case 'RAW':
      case 'NULL':
      case 'SYMBOL':
        throw new TypeSyntaxError(`Type ${name} cannot be declared on a table column in Sluice`, t.start);
      default: {
        const hint = didYouMean(name, KNOWN_TYPE_NAMES);
        throw new TypeSyntaxError(
          `Unknown type '${t.text}'${hint === undefined ? '' : `; did you mean ${hint}?`}`,
          t.start,
        );
      }
    }
  }

  private parseDecimal(): FlinkType {
    if (!isSymbol(this.peek(), '(')) return { kind: 'DECIMAL', precision: 10, scale: 0, nullable: true };
    this.i++;
    const precision = this.ranged('DECIMAL precision', 1, 38);
    let scale = 0;
    if (isSymbol(this.peek(), ',')) {
      this.i++;
      const { value, position } = this.integer('DECIMAL scale');
      if (value > precision) {
        throw new TypeSyntaxError(
          `DECIMAL scale must be between 0 and the precision (${precision}), got ${value}`,
          position,
        );
      }
      scale = value;
    }
    this.expectSymbol(')', 'to close DECIMAL(');
    return { kind: 'DECIMAL', precision, scale, nullable: true };
  }

  private parseTimestamp(start: SqlToken): FlinkType {
    const precision = this.optionalParam('TIMESTAMP precision', 0, 9, 6);
    if (isKeyword(this.peek(), 'WITHOUT')) {
      this.i++;
      this.expectKeyword('TIME', 'after WITHOUT');
      this.expectKeyword('ZONE', 'after WITHOUT TIME');
      return { kind: 'TIMESTAMP', precision, nullable: true };
    }
    if (isKeyword(this.peek(), 'WITH')) {
      this.i++;
      if (this.acceptKeyword('LOCAL')) {
        this.expectKeyword('TIME', 'after WITH LOCAL');
        this.expectKeyword('ZONE', 'after WITH LOCAL TIME');
        return { kind: 'TIMESTAMP_LTZ', precision, nullable: true };
      }
      this.expectKeyword('TIME', 'after WITH');
      this.expectKeyword('ZONE', 'after WITH TIME');
      throw new TypeSyntaxError(
        'TIMESTAMP WITH TIME ZONE is not supported by Flink; use TIMESTAMP_LTZ (TIMESTAMP WITH LOCAL TIME ZONE)',
        start.start,
      );
    }
    return { kind: 'TIMESTAMP', precision, nullable: true };
  }

  private parseInterval(): FlinkType {
    const t = this.next();
    const unit = t?.kind === 'ident' ? t.value.toUpperCase() : undefined;
    const at = t?.start ?? this.length;
    const to = (): string | undefined => {
      if (!this.acceptKeyword('TO')) return undefined;
      const u = this.next();
      if (u?.kind !== 'ident') {
        throw new TypeSyntaxError('Expected an interval unit after TO', u?.start ?? this.length);
      }
      return u.value.toUpperCase();
    };
    const bad = (end: string, position: number): never => {
      throw new TypeSyntaxError(`INTERVAL ${unit} TO ${end} is not a valid interval`, position);
    };
    switch (unit) {
      case 'YEAR': {
        const yearPrecision = this.optionalParam('INTERVAL YEAR precision', 1, 4, 2);
        const pos = this.here();
        const end = to();
        if (end === undefined)
          return { kind: 'INTERVAL_YEAR_MONTH', resolution: 'YEAR', yearPrecision, nullable: true };
        if (end !== 'MONTH') bad(end, pos);
        return { kind: 'INTERVAL_YEAR_MONTH', resolution: 'YEAR_TO_MONTH', yearPrecision, nullable: true };
      }
      case 'MONTH':
        return { kind: 'INTERVAL_YEAR_MONTH', resolution: 'MONTH', yearPrecision: 2, nullable: true };
      case 'DAY': {
        const dayPrecision = this.optionalParam('INTERVAL DAY precision', 1, 6, 2);
        const pos = this.here();
        const end = to();
        if (end === undefined) return dayTime('DAY', dayPrecision, 6);
        if (end === 'HOUR') return dayTime('DAY_TO_HOUR', dayPrecision, 6);
        if (end === 'MINUTE') return dayTime('DAY_TO_MINUTE', dayPrecision, 6);
        if (end === 'SECOND') {
          return dayTime(
            'DAY_TO_SECOND',
            dayPrecision,
            this.optionalParam('INTERVAL SECOND precision', 0, 9, 6),
          );
        }
        return bad(end, pos);
      }
      case 'HOUR': {
        const pos = this.here();
        const end = to();
        if (end === undefined) return dayTime('HOUR', 2, 6);
        if (end === 'MINUTE') return dayTime('HOUR_TO_MINUTE', 2, 6);
        if (end === 'SECOND') {
          return dayTime('HOUR_TO_SECOND', 2, this.optionalParam('INTERVAL SECOND precision', 0, 9, 6));
        }
        return bad(end, pos);
      }
      case 'MINUTE': {
        const pos = this.here();
        const end = to();
        if (end === undefined) return dayTime('MINUTE', 2, 6);
        if (end === 'SECOND') {
          return dayTime('MINUTE_TO_SECOND', 2, this.optionalParam('INTERVAL SECOND precision', 0, 9, 6));
        }
        return bad(end, pos);
      }
      case 'SECOND':
        return dayTime('SECOND', 2, this.optionalParam('INTERVAL SECOND precision', 0, 9, 6));
      default:
        throw new TypeSyntaxError(
          'Expected an interval unit (YEAR, MONTH, DAY, HOUR, MINUTE or SECOND) after INTERVAL',
          at,
        );
    }
  }

  private parseRow(): FlinkType {
    const open = this.peek();
    let close: string;
    if (isSymbol(open, '<>')) {
      // The lexer reads an empty `ROW<>` as the not-equal operator.
      this.i++;
      return { kind: 'ROW', fields: [], nullable: true };
    }
    if (isSymbol(open, '<')) close = '>';
    else if (isSymbol(open, '(')) close = ')';
    else {
      throw new TypeSyntaxError(
        `Expected '<' or '(' after ROW, found ${open === undefined ? 'the end of the type' : describe(open)}`,
        this.here(),
      );
    }
    this.i++;
    const fields: RowField[] = [];
    const seen = new Set<string>();
    if (isSymbol(this.peek(), close)) {
      this.i++;
      return { kind: 'ROW', fields, nullable: true };
    }
    for (;;) {
      const nameToken = this.next();
      if (nameToken === undefined || (nameToken.kind !== 'ident' && nameToken.kind !== 'quoted-ident')) {
        throw new TypeSyntaxError(
          `Expected a ROW field name, found ${nameToken === undefined ? 'the end of the type' : describe(nameToken)}`,
          nameToken?.start ?? this.length,
        );
      }
      const name = nameToken.value;
      if (name.length === 0) throw new TypeSyntaxError('A ROW field name cannot be empty', nameToken.start);
      if (/[\r\n]/.test(name)) {
        throw new TypeSyntaxError('A ROW field name cannot contain a line break', nameToken.start);
      }
      if (seen.has(name))
        throw new TypeSyntaxError(`ROW field name '${name}' is used twice`, nameToken.start);
      seen.add(name);
      const type = this.parseType();
      const field: RowField = { name, type };
      const maybeDescription = this.peek();
      if (maybeDescription?.kind === 'string') {
        this.i++;
        field.description = maybeDescription.value;
      }
      fields.push(field);
      if (isSymbol(this.peek(), ',')) {
        this.i++;
        continue;
      }
      this.expectSymbol(close, `to close ROW${close === '>' ? '<' : '('}`);
      return { kind: 'ROW', fields, nullable: true };
    }
  }
}

function dayTime(
  resolution: DayTimeResolution,
  dayPrecision: number,
  fractionalPrecision: number,
): FlinkType {
  return { kind: 'INTERVAL_DAY_TIME', resolution, dayPrecision, fractionalPrecision, nullable: true };
}

/**
 * Prints a type in Flink's normalised spelling (identifiers backtick-quoted, keywords upper case).
 *
 * @example
 * formatFlinkType({ kind: 'DECIMAL', precision: 10, scale: 2, nullable: false }); // 'DECIMAL(10, 2) NOT NULL'
 */
export function formatFlinkType(type: FlinkType): string {
  return formatNullable(type) + (type.nullable ? '' : ' NOT NULL');
}

function formatNullable(type: FlinkType): string {
  switch (type.kind) {
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DATE':
    case 'VARIANT':
      return type.kind;
    case 'VARCHAR':
      return type.length === MAX_LENGTH ? 'STRING' : `VARCHAR(${type.length})`;
    case 'VARBINARY':
      return type.length === MAX_LENGTH ? 'BYTES' : `VARBINARY(${type.length})`;
    case 'CHAR':
    case 'BINARY':
      return `${type.kind}(${type.length})`;
    case 'DECIMAL':
      return `DECIMAL(${type.precision}, ${type.scale})`;
    case 'TIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return `${type.kind}(${type.precision})`;
    case 'INTERVAL_YEAR_MONTH':
      if (type.resolution === 'MONTH') return 'INTERVAL MONTH';
      return `INTERVAL YEAR(${type.yearPrecision})${type.resolution === 'YEAR_TO_MONTH' ? ' TO MONTH' : ''}`;
    case 'INTERVAL_DAY_TIME': {
      const d = type.dayPrecision;
      const f = type.fractionalPrecision;
      switch (type.resolution) {
        case 'DAY':
          return `INTERVAL DAY(${d})`;
        case 'DAY_TO_HOUR':
          return `INTERVAL DAY(${d}) TO HOUR`;
        case 'DAY_TO_MINUTE':
          return `INTERVAL DAY(${d}) TO MINUTE`;
        case 'DAY_TO_SECOND':
          return `INTERVAL DAY(${d}) TO SECOND(${f})`;
        case 'HOUR':
          return 'INTERVAL HOUR';
        case 'HOUR_TO_MINUTE':
          return 'INTERVAL HOUR TO MINUTE';
        case 'HOUR_TO_SECOND':
          return `INTERVAL HOUR TO SECOND(${f})`;
        case 'MINUTE':
          return 'INTERVAL MINUTE';
        case 'MINUTE_TO_SECOND':
          return `INTERVAL MINUTE TO SECOND(${f})`;
        case 'SECOND':
          return `INTERVAL SECOND(${f})`;
      }
      return 'INTERVAL SECOND';
    }
    case 'ARRAY':
    case 'MULTISET':
      return `${type.kind}<${formatFlinkType(type.element)}>`;
    case 'MAP':
      return `MAP<${formatFlinkType(type.key)}, ${formatFlinkType(type.value)}>`;
    case 'ROW':
      return `ROW<${type.fields
        .map(
          (f) =>
            `${quoteIdentifier(f.name)} ${formatFlinkType(f.type)}${
              f.description === undefined ? '' : ` ${quoteString(f.description)}`
            }`,
        )
        .join(', ')}>`;
  }
}

/**
 * True when a column of this type can carry a watermark (an event-time attribute): Flink requires
 * TIMESTAMP(p) or TIMESTAMP_LTZ(p) with p at most 3.
 *
 * @example
 * const r = parseFlinkType('TIMESTAMP(3)');
 * r.ok && isEventTimeType(r.type); // true
 */
export function isEventTimeType(type: FlinkType): boolean {
  return (type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ') && type.precision <= 3;
}
