import { parse as parseCsv } from 'csv-parse/sync';
import type { StepRecord } from '../python-step-host.js';
import { recordValueConverter, type ValueConverter, ValueError } from '../record-values.js';
import { enumOption, nodeError, option, type TableSpec, type TypedColumn } from './connector.js';

/**
 * The `json`, `csv` and `raw` formats of Flink's Kafka and filesystem connectors, for one record at
 * a time (a Kafka message, a line). Option names are Flink's (`json.ignore-parse-errors`,
 * `csv.field-delimiter`, ...), with `value.` prefixed forms accepted as Flink does.
 */
export type FormatName = 'json' | 'csv' | 'raw';

export interface FormatOptions {
  format: FormatName;
  ignoreParseErrors: boolean;
  failOnMissingField: boolean;
  /** Flink's `json.timestamp-format.standard`: `SQL` writes `2024-05-01 13:45:00`, `ISO-8601` uses `T`. */
  timestampStandard: 'SQL' | 'ISO-8601';
  delimiter: string;
  quote: string;
  nullLiteral?: string;
}

const FORMATS: readonly FormatName[] = ['json', 'csv', 'raw'];

/**
 * Reads format options, for the value (`prefix` = '') or the key (`prefix` = 'key.'). Flink writes
 * format options with the format name (`json.*`, `csv.*`), prefixed by `key.`/`value.` when the
 * format is set through `key.format`/`value.format`.
 */
export function formatOptions(spec: TableSpec, formatKeys: readonly string[], prefix = ''): FormatOptions {
  const key = formatKeys.find((k) => option(spec, k) !== undefined);
  const raw = (key ? option(spec, key) : 'json') as string;
  const format = raw.trim().toLowerCase() as FormatName;
  if (!FORMATS.includes(format)) {
    throw nodeError(
      spec,
      `option \`${key}\`: format \`${raw}\` is not supported by batch runs (use ${FORMATS.join(', ')})`,
    );
  }
  const get = (name: string) =>
    option(spec, `${prefix}${format}.${name}`) ??
    (prefix === '' ? option(spec, `value.${format}.${name}`) : undefined);
  const flag = (name: string) => (get(name) ?? 'false').trim().toLowerCase() === 'true';
  const standardKey = `${prefix}json.timestamp-format.standard`;
  const standard =
    format === 'json' && option(spec, standardKey) !== undefined
      ? (enumOption(spec, standardKey, ['sql', 'iso-8601'], 'sql').toUpperCase() as 'SQL' | 'ISO-8601')
      : 'SQL';
  const delimiter = unescapeDelimiter(get('field-delimiter') ?? ',');
  if (format === 'csv' && delimiter.length !== 1) {
    throw nodeError(
      spec,
      `option \`csv.field-delimiter\` must be one character (got ${JSON.stringify(delimiter)})`,
    );
  }
  return {
    format,
    ignoreParseErrors: flag('ignore-parse-errors'),
    failOnMissingField: flag('fail-on-missing-field'),
    timestampStandard: standard,
    delimiter,
    quote: get('quote-character') ?? '"',
    nullLiteral: get('null-literal'),
  };
}

/** Flink's docs write a tab delimiter as `\t`; accept that spelling. */
function unescapeDelimiter(text: string): string {
  return text === '\\t' ? '\t' : text;
}

/** Decodes one message/line into a record, or `null` to skip it (`ignore-parse-errors`). */
export type Decoder = (text: string | Buffer, where: () => string) => StepRecord | null;

function converters(columns: readonly TypedColumn[]): ValueConverter[] {
  return columns.map((c) => recordValueConverter(c.type));
}

/**
 * Builds the decoder for `columns` (the fields this format carries).
 *
 * @example
 * const decode = decoderFor(spec, [{ name: 'n', type: parseColumnType('INT'), role: 'physical', virtual: false }], opts);
 * decode('{"n": "7"}', () => 'line 1'); // { n: 7 }
 */
export function decoderFor(spec: TableSpec, columns: readonly TypedColumn[], opts: FormatOptions): Decoder {
  const convert = converters(columns);
  const bad = (where: () => string, message: string): null => {
    if (opts.ignoreParseErrors) return null;
    throw nodeError(spec, `${where()}: ${message}`);
  };
  const field = (record: StepRecord, i: number, value: unknown, where: () => string): boolean => {
    const column = columns[i] as TypedColumn;
    try {
      record[column.name] = (convert[i] as ValueConverter)(value);
      return true;
    } catch (err) {
      if (!(err instanceof ValueError)) throw err;
      // Flink's ignore-parse-errors sets a field it cannot read to null rather than dropping the row.
      if (opts.ignoreParseErrors) {
        record[column.name] = null;
        return true;
      }
      throw nodeError(spec, `${where()}, field \`${column.name}\` (${column.type.root}): ${err.message}`);
    }
  };

  switch (opts.format) {
    case 'json':
      return (input, where) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(typeof input === 'string' ? input : input.toString('utf8'));
        } catch (err) {
          return bad(where, `not valid JSON (${(err as Error).message})`);
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          return bad(where, 'not a JSON object');
        }
        const object = parsed as Record<string, unknown>;
        const record: StepRecord = {};
        for (let i = 0; i < columns.length; i++) {
          const name = (columns[i] as TypedColumn).name;
          if (opts.failOnMissingField && !(name in object)) {
            return bad(where, `field \`${name}\` is missing`);
          }
          if (!field(record, i, object[name], where)) return null;
        }
        return record;
      };
    case 'csv':
      return (input, where) => {
        let rows: string[][];
        try {
          rows = parseCsv(input, { delimiter: opts.delimiter, quote: opts.quote, relax_column_count: true });
        } catch (err) {
          return bad(where, `not valid CSV (${(err as Error).message})`);
        }
        const cells = rows[0] ?? [];
        const record: StepRecord = {};
        for (let i = 0; i < columns.length; i++) {
          const cell = cells[i];
          const value =
            cell === undefined ||
            cell === opts.nullLiteral ||
            (cell === '' && columns[i]?.type.family !== 'string')
              ? null
              : cell;
          if (!field(record, i, value, where)) return null;
        }
        return record;
      };
    case 'raw': {
      if (columns.length !== 1) {
        throw nodeError(
          spec,
          `the raw format carries exactly one column (this ${spec.kind} declares ${columns.length})`,
        );
      }
      const column = columns[0] as TypedColumn;
      return (input) => {
        if (column.type.family === 'bytes') {
          return {
            [column.name]: (typeof input === 'string' ? Buffer.from(input) : input).toString('base64'),
          };
        }
        return { [column.name]: typeof input === 'string' ? input : input.toString('utf8') };
      };
    }
  }
}

/** Text form of a record value in json/csv output: timestamps follow the format's standard. */
function textValue(column: TypedColumn, value: unknown, standard: 'SQL' | 'ISO-8601'): unknown {
  if (typeof value !== 'string' || standard === 'ISO-8601') return value;
  if (column.type.family === 'timestamp' || column.type.family === 'timestamp_ltz')
    return value.replace('T', ' ');
  return value;
}

/** Quotes a CSV field when it must be (RFC 4180: delimiter, quote, line break, edge spaces). */
export function csvField(value: unknown, delimiter: string, quote: string, nullLiteral = ''): string {
  if (value === null || value === undefined) return nullLiteral;
  const text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (
    text.includes(delimiter) ||
    text.includes(quote) ||
    text.includes('\n') ||
    text.includes('\r') ||
    /^\s|\s$/.test(text) ||
    (text === nullLiteral && text !== '')
  ) {
    return quote + text.split(quote).join(quote + quote) + quote;
  }
  return text;
}

/** Encodes a record to one message/line (no trailing newline). */
export type Encoder = (record: StepRecord, where: () => string) => string | Buffer;

/**
 * Builds the encoder writing `columns` of a record. Values are normalised to their column type
 * first, so a sink refuses a record whose `amount` is `"abc"` whichever format it writes.
 */
export function encoderFor(spec: TableSpec, columns: readonly TypedColumn[], opts: FormatOptions): Encoder {
  const convert = converters(columns);
  const values = (record: StepRecord, where: () => string): unknown[] =>
    columns.map((column, i) => {
      try {
        return textValue(column, (convert[i] as ValueConverter)(record[column.name]), opts.timestampStandard);
      } catch (err) {
        if (!(err instanceof ValueError)) throw err;
        throw nodeError(spec, `${where()}, field \`${column.name}\` (${column.type.root}): ${err.message}`);
      }
    });
  switch (opts.format) {
    case 'json':
      return (record, where) => {
        const vs = values(record, where);
        const out: Record<string, unknown> = {};
        columns.forEach((c, i) => {
          out[c.name] = vs[i];
        });
        return JSON.stringify(out);
      };
    case 'csv':
      return (record, where) =>
        values(record, where)
          .map((v) => csvField(v, opts.delimiter, opts.quote, opts.nullLiteral))
          .join(opts.delimiter);
    case 'raw': {
      if (columns.length !== 1) {
        throw nodeError(
          spec,
          `the raw format carries exactly one column (this ${spec.kind} declares ${columns.length})`,
        );
      }
      const column = columns[0] as TypedColumn;
      return (record, where) => {
        const [value] = values(record, where);
        if (value === null || value === undefined) return '';
        if (column.type.family === 'bytes') return Buffer.from(String(value), 'base64');
        return typeof value === 'string' ? value : JSON.stringify(value);
      };
    }
  }
}
