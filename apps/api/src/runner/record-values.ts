import type { ColumnType } from './flink-types.js';

/**
 * How Flink SQL types travel as JSON inside a batch run (between connectors and Python steps):
 *
 * | Flink type                        | record value                                              |
 * |-----------------------------------|-----------------------------------------------------------|
 * | TINYINT, SMALLINT, INT            | number                                                    |
 * | BIGINT                            | number when within ±(2^53-1), else a decimal string       |
 * | FLOAT, REAL, DOUBLE               | number (NaN and ±Infinity are refused: JSON has no form)  |
 * | DECIMAL(p, s), NUMERIC            | string, exact (`"12.50"`)                                 |
 * | BOOLEAN                           | boolean                                                   |
 * | CHAR, VARCHAR, STRING             | string                                                    |
 * | BINARY, VARBINARY, BYTES          | base64 string                                             |
 * | DATE                              | `"2024-05-01"`                                            |
 * | TIME(p)                           | `"13:45:00"` (fraction kept when present)                 |
 * | TIMESTAMP(p)                      | `"2024-05-01T13:45:00.123"`: wall-clock time, no zone     |
 * | TIMESTAMP_LTZ(p), TIMESTAMP WITH LOCAL TIME ZONE | `"2024-05-01T13:45:00.123Z"`: an instant in UTC |
 * | ARRAY, MAP, MULTISET, ROW         | JSON array / object as is                                 |
 * | any type, NULL                    | null                                                      |
 *
 * Values coming from a source are normalised to this mapping (a CSV `"42"` in an INT column becomes
 * 42, a MySQL DATETIME becomes an ISO string), and values going to a sink are read from it, so a
 * Python step always sees the same JSON shape whatever the connector.
 */

/** A value that does not fit its column type. Connectors add the node, column and position. */
export class ValueError extends Error {
  override name = 'ValueError';
}

export type ValueConverter = (value: unknown) => unknown;

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4,})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;
// Date and time separated by `T` or a space, optional fraction, optional zone (Z or ±hh[:mm]).
const TIMESTAMP = /^(\d{4,}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DDTHH:MM:SS[.sss]` of a Date's UTC fields; the fraction only when non-zero. */
function utcWallClock(date: Date): string {
  const ms = date.getUTCMilliseconds();
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return ms === 0 ? base : `${base}.${pad(ms, 3)}`;
}

/**
 * Normalises any accepted timestamp form to wall-clock text (`T` separator, original fraction).
 * Zoned text and epoch numbers are shifted to UTC; zoneless text is kept as written, which is UTC
 * for TIMESTAMP_LTZ (the runner's convention) and local wall-clock time for TIMESTAMP.
 */
function timestampText(value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValueError('is an invalid date');
    return utcWallClock(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValueError(`${show(value)} is not a timestamp`);
    return utcWallClock(new Date(value)); // epoch milliseconds, as Flink's JSON format accepts
  }
  if (typeof value !== 'string') throw new ValueError(`${show(value)} is not a timestamp`);
  const m = TIMESTAMP.exec(value.trim());
  if (!m) {
    const d = DATE.exec(value.trim());
    if (d) return `${value.trim()}T00:00:00`;
    throw new ValueError(`${show(value)} is not a timestamp (expected e.g. 2024-05-01T13:45:00.123)`);
  }
  const [, day, clock, fraction = '', zone] = m;
  const time = (clock as string).length === 5 ? `${clock}:00` : (clock as string);
  if (!zone) return `${day}T${time}${fraction}`;
  // A zoned value: shift to UTC, keeping sub-millisecond digits Date would drop.
  const date = new Date(`${day}T${time}${zone.length === 3 ? `${zone}:00` : zone.toUpperCase()}`);
  if (Number.isNaN(date.getTime())) throw new ValueError(`${show(value)} is not a valid timestamp`);
  return `${utcWallClock(date).slice(0, 19)}${fraction}`;
}

function fail(value: unknown, what: string): never {
  throw new ValueError(`${show(value)} is not ${what}`);
}

function toInteger(value: unknown, type: ColumnType): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && INTEGER.test(value.trim())) n = Number(value.trim());
  else if (typeof value === 'bigint') n = Number(value);
  else if (typeof value === 'boolean') n = value ? 1 : 0;
  else return fail(value, 'an integer');
  if (!Number.isInteger(n)) fail(value, 'an integer');
  if (type.min !== undefined && type.max !== undefined && (n < type.min || n > type.max)) {
    throw new ValueError(`${show(value)} is out of range for ${type.root} (${type.min} to ${type.max})`);
  }
  return n;
}

function toBigint(value: unknown): number | string {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) fail(value, 'an integer');
    return value;
  }
  let text: string;
  if (typeof value === 'bigint') text = value.toString();
  else if (typeof value === 'string' && INTEGER.test(value.trim())) text = BigInt(value.trim()).toString();
  else return fail(value, 'an integer');
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

function toFloat(value: unknown): number {
  if (typeof value === 'bigint') return Number(value);
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && NUMBER.test(value.trim())
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(n)) fail(value, 'a finite number');
  return n;
}

function toDecimal(value: unknown): string {
  if (typeof value === 'string' && NUMBER.test(value.trim())) return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return fail(value, 'a decimal number');
}

function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (t === 'true' || t === '1') return true;
    if (t === 'false' || t === '0') return false;
  }
  return fail(value, 'a boolean');
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function toBytes(value: unknown): string {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  // Strings are already base64, the form Flink's JSON format uses for bytes.
  if (typeof value === 'string') return value;
  return fail(value, 'bytes (base64 text)');
}

function toDate(value: unknown): string {
  if (value instanceof Date || typeof value === 'number') return timestampText(value).slice(0, 10);
  if (typeof value === 'string') {
    const text = value.trim();
    if (DATE.test(text)) return text;
    if (TIMESTAMP.test(text)) return timestampText(text).slice(0, 10);
  }
  return fail(value, 'a date (expected e.g. 2024-05-01)');
}

function toTime(value: unknown): string {
  if (typeof value === 'string') {
    const m = TIME.exec(value.trim());
    if (m) return m[3] === undefined ? `${m[1]}:${m[2]}:00` : value.trim();
  }
  return fail(value, 'a time of day (expected e.g. 13:45:00)');
}

function toStructured(value: unknown): unknown {
  if (typeof value === 'string') {
    // Text sources (CSV, raw) carry nested values as JSON text.
    try {
      return JSON.parse(value);
    } catch {
      return fail(value, 'JSON for a structured column');
    }
  }
  return value;
}

/**
 * Builds the function that normalises one column's values to the record mapping above. Throws
 * {@link ValueError} for a value the type cannot hold; `null`/`undefined` become `null`.
 *
 * @example
 * const conv = recordValueConverter(parseColumnType('BIGINT'));
 * conv('9007199254740993'); // '9007199254740993' (beyond 2^53: kept exact as text)
 * conv('42'); // 42
 */
export function recordValueConverter(type: ColumnType): ValueConverter {
  const convert = ((): ValueConverter => {
    switch (type.family) {
      case 'string':
        return toText;
      case 'boolean':
        return toBoolean;
      case 'int':
        return (v) => toInteger(v, type);
      case 'bigint':
        return toBigint;
      case 'float':
        return toFloat;
      case 'decimal':
        return toDecimal;
      case 'bytes':
        return toBytes;
      case 'date':
        return toDate;
      case 'time':
        return toTime;
      case 'timestamp':
        return (v) => timestampText(v);
      case 'timestamp_ltz':
        return (v) => `${timestampText(v)}Z`;
      case 'structured':
        return toStructured;
    }
  })();
  return (value) => (value === null || value === undefined ? null : convert(value));
}

/**
 * Builds the function that turns a record value into a value mysql2 escapes correctly for the
 * column: timestamps as `YYYY-MM-DD HH:MM:SS.fff` (the session runs in UTC, so TIMESTAMP_LTZ
 * instants land right), bytes as Buffers, nested values as JSON text.
 *
 * @example
 * sqlValueConverter(parseColumnType('TIMESTAMP(3)'))('2024-05-01T13:45:00.123'); // '2024-05-01 13:45:00.123'
 */
export function sqlValueConverter(type: ColumnType): ValueConverter {
  const toRecord = recordValueConverter(type);
  switch (type.family) {
    case 'timestamp':
      return (v) => {
        const r = toRecord(v) as string | null;
        return r === null ? null : r.replace('T', ' ');
      };
    case 'timestamp_ltz':
      return (v) => {
        const r = toRecord(v) as string | null;
        return r === null ? null : r.slice(0, -1).replace('T', ' ');
      };
    case 'bytes':
      return (v) => {
        if (Buffer.isBuffer(v)) return v;
        const r = toRecord(v) as string | null;
        return r === null ? null : Buffer.from(r, 'base64');
      };
    case 'structured':
      return (v) =>
        v === null || v === undefined ? null : JSON.stringify(typeof v === 'string' ? toRecord(v) : v);
    default:
      return toRecord;
  }
}
