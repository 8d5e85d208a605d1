import { describe, expect, it } from 'vitest';
import { parseColumnType } from './flink-types.js';
import { recordValueConverter, sqlValueConverter } from './record-values.js';

const rec = (type: string) => recordValueConverter(parseColumnType(type));
const sql = (type: string) => sqlValueConverter(parseColumnType(type));

describe('parseColumnType', () => {
  it('reads the family, precision and scale of Flink SQL types', () => {
    expect(parseColumnType('DECIMAL(10, 2) NOT NULL')).toEqual({
      family: 'decimal',
      root: 'DECIMAL(10, 2) NOT NULL',
      precision: 10,
      scale: 2,
      nullable: false,
    });
    expect(parseColumnType('timestamp(3) with local time zone')).toMatchObject({
      family: 'timestamp_ltz',
      precision: 3,
    });
    expect(parseColumnType('TIMESTAMP_LTZ(3)').family).toBe('timestamp_ltz');
    expect(parseColumnType('ROW<a INT, b STRING>').family).toBe('structured');
    expect(parseColumnType('DOUBLE PRECISION').family).toBe('float');
    expect(parseColumnType('SMALLINT')).toMatchObject({ min: -32768, max: 32767 });
    expect(() => parseColumnType('GEOMETRY')).toThrow(
      "type `GEOMETRY`: Unknown type 'GEOMETRY' (at character 1)",
    );
  });
});

describe('recordValueConverter', () => {
  it('maps MySQL driver values (dates and big numbers as text) to the record JSON mapping', () => {
    expect(rec('TIMESTAMP(3)')('2024-05-01 13:45:00.123')).toBe('2024-05-01T13:45:00.123');
    expect(rec('TIMESTAMP_LTZ(3)')('2024-05-01 13:45:00.123')).toBe('2024-05-01T13:45:00.123Z');
    expect(rec('DATE')('2024-05-01')).toBe('2024-05-01');
    expect(rec('DECIMAL(10, 2)')('12.50')).toBe('12.50');
    expect(rec('BIGINT')('42')).toBe(42);
    expect(rec('BIGINT')('9007199254740993')).toBe('9007199254740993');
    expect(rec('BIGINT')('-0009')).toBe(-9);
    expect(rec('BYTES')(Buffer.from('hi'))).toBe('aGk=');
    expect(rec('STRING')(Buffer.from('héllo'))).toBe('héllo');
    expect(rec('STRING')({ a: 1 })).toBe('{"a":1}');
    expect(rec('BOOLEAN')(1)).toBe(true);
    expect(rec('INT')(null)).toBeNull();
    expect(rec('INT')(undefined)).toBeNull();
  });

  it('coerces text from CSV and JSON sources, and shifts zoned timestamps to UTC', () => {
    expect(rec('INT')(' 7 ')).toBe(7);
    expect(rec('DOUBLE')('1e3')).toBe(1000);
    expect(rec('BOOLEAN')('FALSE')).toBe(false);
    expect(rec('TIMESTAMP(3)')('2024-05-01T15:45:00.5+02:00')).toBe('2024-05-01T13:45:00.5');
    expect(rec('TIMESTAMP_LTZ(3)')('2024-05-01T13:45:00Z')).toBe('2024-05-01T13:45:00Z');
    expect(rec('TIMESTAMP_LTZ(3)')(Date.UTC(2024, 4, 1, 13, 45, 0, 7))).toBe('2024-05-01T13:45:00.007Z');
    expect(rec('TIMESTAMP(0)')('2024-05-01 13:45')).toBe('2024-05-01T13:45:00');
    expect(rec('DATE')('2024-05-01T23:59:00')).toBe('2024-05-01');
    expect(rec('TIME')('13:45')).toBe('13:45:00');
    expect(rec('ARRAY<INT>')('[1,2]')).toEqual([1, 2]);
  });

  it('refuses values that do not fit, in words', () => {
    expect(() => rec('INT')('abc')).toThrow('"abc" is not an integer');
    expect(() => rec('INT')(1.5)).toThrow('1.5 is not an integer');
    expect(() => rec('TINYINT')(300)).toThrow('300 is out of range for TINYINT (-128 to 127)');
    expect(() => rec('DOUBLE')(Number.NaN)).toThrow('NaN is not a finite number');
    expect(() => rec('DECIMAL(5, 2)')('1,5')).toThrow('"1,5" is not a decimal number');
    expect(() => rec('TIMESTAMP(3)')('yesterday')).toThrow('"yesterday" is not a timestamp');
    expect(() => rec('BOOLEAN')('yes')).toThrow('"yes" is not a boolean');
  });
});

describe('sqlValueConverter', () => {
  it('writes values MySQL stores as intended', () => {
    expect(sql('TIMESTAMP(3)')('2024-05-01T13:45:00.123')).toBe('2024-05-01 13:45:00.123');
    expect(sql('TIMESTAMP_LTZ(3)')('2024-05-01T15:45:00.123+02:00')).toBe('2024-05-01 13:45:00.123');
    expect(sql('BYTES')('aGk=')).toEqual(Buffer.from('hi'));
    expect(sql('MAP<STRING, INT>')({ a: 1 })).toBe('{"a":1}');
    expect(sql('DECIMAL(10, 2)')(12.5)).toBe('12.5');
    expect(sql('STRING')(null)).toBeNull();
  });
});
