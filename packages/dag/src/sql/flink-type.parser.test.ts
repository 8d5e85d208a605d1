import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FlinkType, formatFlinkType, isEventTimeType, parseFlinkType } from './flink-type.parser.js';

const normalized = (text: string) => {
  const r = parseFlinkType(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.normalized;
};
const error = (text: string) => {
  const r = parseFlinkType(text);
  if (r.ok) throw new Error(`expected an error for ${text}`);
  return r.error;
};

describe('parseFlinkType', () => {
  it.each([
    ['int', 'INT'],
    ['INTEGER', 'INT'],
    ['bigint not null', 'BIGINT NOT NULL'],
    ['BOOLEAN NULL', 'BOOLEAN'],
    ['string', 'STRING'],
    ['VARCHAR(2147483647)', 'STRING'],
    ['varchar(20)', 'VARCHAR(20)'],
    ['VARCHAR', 'VARCHAR(1)'],
    ['CHAR(3)', 'CHAR(3)'],
    ['BYTES', 'BYTES'],
    ['BINARY(16)', 'BINARY(16)'],
    ['VARBINARY(2147483647)', 'BYTES'],
    ['DECIMAL', 'DECIMAL(10, 0)'],
    ['numeric(5)', 'DECIMAL(5, 0)'],
    ['DEC(38, 38)', 'DECIMAL(38, 38)'],
    ['DOUBLE PRECISION', 'DOUBLE'],
    ['FLOAT', 'FLOAT'],
    ['DATE', 'DATE'],
    ['TIME', 'TIME(0)'],
    ['TIME(3) WITHOUT TIME ZONE', 'TIME(3)'],
    ['TIMESTAMP', 'TIMESTAMP(6)'],
    ['TIMESTAMP(3)', 'TIMESTAMP(3)'],
    ['timestamp(9) without time zone', 'TIMESTAMP(9)'],
    ['TIMESTAMP(3) WITH LOCAL TIME ZONE', 'TIMESTAMP_LTZ(3)'],
    ['TIMESTAMP_LTZ', 'TIMESTAMP_LTZ(6)'],
    ['TIMESTAMP_LTZ(3) NOT NULL', 'TIMESTAMP_LTZ(3) NOT NULL'],
    ['INTERVAL YEAR', 'INTERVAL YEAR(2)'],
    ['INTERVAL YEAR(4) TO MONTH', 'INTERVAL YEAR(4) TO MONTH'],
    ['INTERVAL MONTH', 'INTERVAL MONTH'],
    ['INTERVAL DAY(3) TO SECOND(3)', 'INTERVAL DAY(3) TO SECOND(3)'],
    ['INTERVAL HOUR TO MINUTE', 'INTERVAL HOUR TO MINUTE'],
    ['INTERVAL SECOND', 'INTERVAL SECOND(6)'],
    ['ARRAY<INT>', 'ARRAY<INT>'],
    ['INT ARRAY', 'ARRAY<INT>'],
    ['INT NOT NULL ARRAY NOT NULL', 'ARRAY<INT NOT NULL> NOT NULL'],
    ['MULTISET<STRING>', 'MULTISET<STRING>'],
    ['STRING MULTISET', 'MULTISET<STRING>'],
    ['MAP<STRING,STRING>', 'MAP<STRING, STRING>'],
    ['MAP<STRING, ARRAY<MAP<INT, BYTES>>>', 'MAP<STRING, ARRAY<MAP<INT, BYTES>>>'],
    ['ROW<a INT, b STRING>', 'ROW<`a` INT, `b` STRING>'],
    ['ROW(a INT, b STRING)', 'ROW<`a` INT, `b` STRING>'],
    ["ROW<`my``field` INT 'the description'>", "ROW<`my``field` INT 'the description'>"],
    ['ROW<>', 'ROW<>'],
    ['ROW<a ROW<b ARRAY<DECIMAL(5, 2) NOT NULL>>>', 'ROW<`a` ROW<`b` ARRAY<DECIMAL(5, 2) NOT NULL>>>'],
    ['VARIANT', 'VARIANT'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalized(input)).toBe(expected);
  });

  it('rejects a DECIMAL precision outside 1..38 and names the position', () => {
    expect(error('DECIMAL(40, 2)')).toEqual({
      message: 'DECIMAL precision must be between 1 and 38, got 40 (at character 9)',
      position: 8,
    });
  });

  it('rejects a DECIMAL scale larger than the precision', () => {
    expect(error('DECIMAL(5, 6)').message).toBe(
      'DECIMAL scale must be between 0 and the precision (5), got 6 (at character 12)',
    );
  });

  it('rejects timestamp precisions above 9', () => {
    expect(error('TIMESTAMP(10)').message).toBe(
      'TIMESTAMP precision must be between 0 and 9, got 10 (at character 11)',
    );
    expect(error('TIMESTAMP_LTZ(12)').message).toContain('TIMESTAMP_LTZ precision must be between 0 and 9');
  });

  it('rejects VARCHAR(0)', () => {
    expect(error('VARCHAR(0)').message).toBe(
      'VARCHAR length must be between 1 and 2147483647, got 0 (at character 9)',
    );
  });

  it('suggests the closest type name for a typo', () => {
    expect(error('INTEGR').message).toBe("Unknown type 'INTEGR'; did you mean INTEGER? (at character 1)");
    expect(error('STRNG').message).toBe("Unknown type 'STRNG'; did you mean STRING? (at character 1)");
  });

  it('explains that TIMESTAMP WITH TIME ZONE is not supported', () => {
    expect(error('TIMESTAMP(3) WITH TIME ZONE').message).toContain('use TIMESTAMP_LTZ');
  });

  it('reports an unclosed bracket at the end', () => {
    expect(error('ARRAY<INT').message).toBe(
      "Expected '>' to close ARRAY<, found the end of the type (at character 10)",
    );
    expect(error('MAP<STRING INT>').message).toBe(
      "Expected ',' between the MAP key and value types, found 'INT' (at character 12)",
    );
  });

  it('reports trailing text', () => {
    expect(error('INT INT').message).toBe("Unexpected 'INT' after the type (at character 5)");
  });

  it('reports duplicate ROW field names', () => {
    expect(error('ROW<a INT, a STRING>').message).toBe("ROW field name 'a' is used twice (at character 12)");
  });

  it('reports an empty type and an unterminated quote', () => {
    expect(error('  ').message).toBe('The type is empty (at character 1)');
    expect(error("ROW<a INT 'oops>").message).toContain('Unterminated string');
  });

  it('rejects invalid interval ranges', () => {
    expect(error('INTERVAL MONTH TO YEAR').message).toContain("Unexpected 'TO'");
    expect(error('INTERVAL HOUR TO DAY').message).toBe(
      'INTERVAL HOUR TO DAY is not a valid interval (at character 15)',
    );
  });

  it('knows which types can carry a watermark', () => {
    const t = (s: string) => {
      const r = parseFlinkType(s);
      if (!r.ok) throw new Error(r.error.message);
      return r.type;
    };
    expect(isEventTimeType(t('TIMESTAMP(3)'))).toBe(true);
    expect(isEventTimeType(t('TIMESTAMP_LTZ(3)'))).toBe(true);
    expect(isEventTimeType(t('TIMESTAMP(6)'))).toBe(false);
    expect(isEventTimeType(t('BIGINT'))).toBe(false);
  });
});

/** Arbitrary Flink types, nested a few levels deep. */
const typeArb: fc.Arbitrary<FlinkType> = fc.letrec<{ type: FlinkType }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constantFrom(
        'BOOLEAN',
        'TINYINT',
        'SMALLINT',
        'INT',
        'BIGINT',
        'FLOAT',
        'DOUBLE',
        'DATE',
        'VARIANT',
      ),
      nullable: fc.boolean(),
    }) as fc.Arbitrary<FlinkType>,
    fc.record({
      kind: fc.constantFrom('CHAR', 'VARCHAR', 'BINARY', 'VARBINARY'),
      length: fc.integer({ min: 1, max: 2147483647 }),
      nullable: fc.boolean(),
    }) as fc.Arbitrary<FlinkType>,
    fc.integer({ min: 1, max: 38 }).chain((precision) =>
      fc.record({
        kind: fc.constant('DECIMAL' as const),
        precision: fc.constant(precision),
        scale: fc.integer({ min: 0, max: precision }),
        nullable: fc.boolean(),
      }),
    ),
    fc.record({
      kind: fc.constantFrom('TIME', 'TIMESTAMP', 'TIMESTAMP_LTZ'),
      precision: fc.integer({ min: 0, max: 9 }),
      nullable: fc.boolean(),
    }) as fc.Arbitrary<FlinkType>,
    fc.record({
      kind: fc.constantFrom('ARRAY', 'MULTISET'),
      element: tie('type'),
      nullable: fc.boolean(),
    }) as fc.Arbitrary<FlinkType>,
    fc.record({
      kind: fc.constant('MAP' as const),
      key: tie('type'),
      value: tie('type'),
      nullable: fc.boolean(),
    }),
    fc
      .uniqueArray(
        fc.record({
          name: fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }).filter((s) => !/[\r\n]/.test(s)),
          type: tie('type'),
        }),
        { maxLength: 3, selector: (f) => f.name },
      )
      .chain((fields) =>
        fc.record({ kind: fc.constant('ROW' as const), fields: fc.constant(fields), nullable: fc.boolean() }),
      ),
  ),
})).type;

describe('formatFlinkType', () => {
  it('prints a type that parses back to the same type', () => {
    fc.assert(
      fc.property(typeArb, (type) => {
        const printed = formatFlinkType(type);
        const again = parseFlinkType(printed);
        expect(again.ok).toBe(true);
        if (again.ok) expect(again.normalized).toBe(printed);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const r = parseFlinkType(text);
        if (!r.ok) expect(r.error.position).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});
