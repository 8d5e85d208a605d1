import { describe, expect, it } from 'vitest';
import {
  activeFormats,
  CONNECTOR_CATALOG,
  FORMAT_CATALOG,
  getConnector,
  knownOptionKeys,
  listConnectors,
  resolveOption,
  supportsUse,
} from './catalog.js';
import { checkOptionValue, durationToMs } from './option-types.js';

describe('connector catalog', () => {
  it('has the connectors Sluice promises, each with docs and a description', () => {
    expect(CONNECTOR_CATALOG.map((c) => c.id)).toEqual([
      'kafka',
      'upsert-kafka',
      'jdbc',
      'filesystem',
      'datagen',
      'print',
      'blackhole',
    ]);
    for (const c of CONNECTOR_CATALOG) {
      expect(c.docsUrl).toMatch(/^https:\/\//);
      expect(c.description.length).toBeGreaterThan(10);
      expect(
        c.capabilities.source.batch ||
          c.capabilities.source.streaming ||
          c.capabilities.sink.batch ||
          c.capabilities.sink.streaming,
      ).toBe(true);
    }
  });

  it('describes every option completely and consistently', () => {
    for (const c of CONNECTOR_CATALOG) {
      const keys = new Set<string>();
      for (const o of c.options) {
        expect(keys.has(o.key), `${c.id}.${o.key} listed twice`).toBe(false);
        keys.add(o.key);
        expect(o.description.length, `${c.id}.${o.key} description`).toBeGreaterThan(5);
        if (o.type === 'enum') expect(o.values?.length, `${c.id}.${o.key} values`).toBeGreaterThan(0);
        if (o.default !== undefined && o.type !== 'string' && o.type !== 'list') {
          expect(
            checkOptionValue(o.type, o.default, o),
            `${c.id}.${o.key} default '${o.default}'`,
          ).toBeUndefined();
        }
      }
      for (const f of c.formats)
        expect(
          FORMAT_CATALOG.some((x) => x.id === f),
          `${c.id} format ${f}`,
        ).toBe(true);
    }
  });

  it('says where each connector can run', () => {
    expect(supportsUse(getConnector('upsert-kafka')!, 'sink', 'batch')).toBe(false);
    expect(supportsUse(getConnector('kafka')!, 'source', 'batch')).toBe(true);
    expect(listConnectors({ direction: 'source', runtime: 'batch' }).map((c) => c.id)).toEqual([
      'kafka',
      'jdbc',
      'filesystem',
      'datagen',
    ]);
    expect(listConnectors({ direction: 'sink', runtime: 'streaming' }).map((c) => c.id)).toEqual([
      'kafka',
      'upsert-kafka',
      'jdbc',
      'filesystem',
      'print',
      'blackhole',
    ]);
  });

  it('marks credential options as able to hold secrets', () => {
    const jdbc = getConnector('jdbc')!;
    expect(jdbc.options.find((o) => o.key === 'password')?.secretCapable).toBe(true);
    expect(jdbc.options.find((o) => o.key === 'table-name')?.secretCapable).toBeUndefined();
  });

  it('resolves exact, pattern, per-column and format options', () => {
    const kafka = getConnector('kafka')!;
    const options = { 'value.format': 'json', 'key.format': 'csv' };
    expect(resolveOption(kafka, 'topic', options)?.spec.key).toBe('topic');
    expect(resolveOption(kafka, 'properties.sasl.mechanism', options)?.spec.key).toBe('properties.*');
    expect(resolveOption(kafka, 'value.json.ignore-parse-errors', options)?.format?.format).toBe('json');
    expect(resolveOption(kafka, 'key.csv.field-delimiter', options)?.spec.type).toBe('string');
    expect(resolveOption(kafka, 'json.ignore-parse-errors', options)).toBeUndefined();
    const datagen = getConnector('datagen')!;
    expect(resolveOption(datagen, 'fields.my.col.kind', {})).toMatchObject({ column: 'my.col' });
    expect(activeFormats(getConnector('filesystem')!, { format: 'csv' })).toEqual([
      { selector: 'format', format: 'csv', prefix: 'csv.' },
    ]);
    expect(knownOptionKeys(getConnector('filesystem')!, { format: 'csv' })).toContain('csv.field-delimiter');
  });
});

describe('checkOptionValue', () => {
  it.each([
    ['int', '42', undefined],
    ['int', '4.2', 'a whole number'],
    ['int', '3000000000', 'a whole number between -2147483648 and 2147483647'],
    ['long', '3000000000', undefined],
    ['boolean', 'TRUE', undefined],
    ['boolean', 'yes', 'true or false'],
    ['float', '0.25', undefined],
    ['float', 'x', 'a number'],
    ['duration', '30 s', undefined],
    ['duration', '5min', undefined],
    ['duration', '1000', undefined],
    ['duration', 'PT5M', undefined],
    ['duration', '5 lightyears', "a duration such as '30 s', '5 min', '1 h' or '500 ms'"],
    ['memory', '128MB', undefined],
    ['memory', '1 gb', undefined],
    ['memory', 'lots', "a memory size such as '128mb', '1 gb' or '512kb'"],
  ] as const)('%s %s', (type, value, expected) => {
    expect(checkOptionValue(type, value)).toBe(expected);
  });

  it('checks enum values ignoring case, as Flink does, and ranges', () => {
    expect(checkOptionValue('enum', 'except_key', { values: ['ALL', 'EXCEPT_KEY'] })).toBeUndefined();
    expect(checkOptionValue('enum', 'some', { values: ['ALL', 'EXCEPT_KEY'] })).toBe(
      "one of 'ALL', 'EXCEPT_KEY'",
    );
    expect(checkOptionValue('float', '1.5', { min: 0, max: 1 })).toBe('at most 1');
  });

  it('converts durations to milliseconds', () => {
    expect(durationToMs('5 min')).toBe(300_000);
    expect(durationToMs('2h')).toBe(7_200_000);
    expect(durationToMs('soon')).toBeUndefined();
  });
});
