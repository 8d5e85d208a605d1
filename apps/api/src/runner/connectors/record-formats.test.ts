import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseColumnType } from '../flink-types.js';
import type { TableSpec, TypedColumn } from './connector.js';
import { csvField, decoderFor, encoderFor, formatOptions } from './record-formats.js';

const spec = (options: Record<string, string>): TableSpec => ({
  nodeId: 'n',
  name: 'events',
  kind: 'source',
  connector: 'kafka',
  options,
  columns: [],
  primaryKey: [],
});
const col = (name: string, type: string): TypedColumn => ({
  name,
  type: parseColumnType(type),
  role: 'physical',
  virtual: false,
});
const where = () => 'offset 3';

describe('decoderFor', () => {
  const columns = [col('id', 'INT'), col('msg', 'STRING'), col('ts', 'TIMESTAMP(3)')];

  it('maps JSON fields to declared columns by name, missing ones to null', () => {
    const decode = decoderFor(spec({}), columns, formatOptions(spec({ format: 'json' }), ['format']));
    expect(decode('{"id": "5", "msg": "hi", "other": 1}', where)).toEqual({ id: 5, msg: 'hi', ts: null });
  });

  it('fails with the position, or skips when ignore-parse-errors is set', () => {
    const strict = decoderFor(spec({}), columns, formatOptions(spec({ format: 'json' }), ['format']));
    expect(() => strict('{not json', where)).toThrow(/^source 'events': offset 3: not valid JSON/);
    expect(() => strict('{"id": "x"}', where)).toThrow(
      'source \'events\': offset 3, field `id` (INT): "x" is not an integer',
    );
    const lenient = decoderFor(
      spec({}),
      columns,
      formatOptions(spec({ format: 'json', 'json.ignore-parse-errors': 'true' }), ['format']),
    );
    expect(lenient('{not json', where)).toBeNull();
    expect(lenient('{"id": "x", "msg": "kept"}', where)).toEqual({ id: null, msg: 'kept', ts: null });
    const required = decoderFor(
      spec({}),
      columns,
      formatOptions(spec({ format: 'json', 'json.fail-on-missing-field': 'true' }), ['format']),
    );
    expect(() => required('{"id": 1}', where)).toThrow('field `msg` is missing');
  });

  it('reads CSV positionally with the configured delimiter and null literal', () => {
    const opts = formatOptions(
      spec({ format: 'csv', 'csv.field-delimiter': ';', 'csv.null-literal': 'NULL' }),
      ['format'],
    );
    const decode = decoderFor(spec({}), columns, opts);
    expect(decode('7;"a;b";NULL', where)).toEqual({ id: 7, msg: 'a;b', ts: null });
  });

  it('refuses formats batch runs do not read', () => {
    expect(() => formatOptions(spec({ format: 'avro' }), ['format'])).toThrow(
      "source 'events': option `format`: format `avro` is not supported by batch runs (use json, csv, raw)",
    );
  });
});

describe('encoderFor', () => {
  it('writes JSON with SQL-standard timestamps by default, as Flink does', () => {
    const encode = encoderFor(
      spec({}),
      [col('id', 'BIGINT'), col('ts', 'TIMESTAMP_LTZ(3)')],
      formatOptions(spec({}), ['format']),
    );
    expect(encode({ id: '12', ts: '2024-05-01T10:00:00.5Z', extra: true }, where)).toBe(
      '{"id":12,"ts":"2024-05-01 10:00:00.5Z"}',
    );
  });

  it('writes raw bytes from base64', () => {
    const encode = encoderFor(
      spec({}),
      [col('payload', 'BYTES')],
      formatOptions(spec({ format: 'raw' }), ['format']),
    );
    expect(encode({ payload: 'aGk=' }, where)).toEqual(Buffer.from('hi'));
  });
});

describe('csvField', () => {
  it('round-trips any text through a CSV parser', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (cells) => {
        const line = cells.map((c) => csvField(c, ',', '"')).join(',');
        const [parsed] = parse(line, { relax_column_count: true }) as string[][];
        // An all-empty single cell is an empty line, which CSV cannot tell from no row at all.
        if (cells.length === 1 && cells[0] === '') return;
        expect(parsed).toEqual(cells);
      }),
    );
  });
});
