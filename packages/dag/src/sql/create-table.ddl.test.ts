import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Column, TableConfig } from '../model/job.schema.js';
import { createTableDdl, DdlError, secretOptions } from './create-table.ddl.js';
import { parseCreateTableDdl, parseTableElement } from './ddl.parser.js';
import { checkSqlExpression } from './expression-check.js';
import { formatFlinkType, parseFlinkType } from './flink-type.parser.js';
import { lexSql } from './sql-lexer.js';
import { quoteIdentifier, quoteString } from './sql-quote.js';

const table = (config: Partial<TableConfig> & Pick<TableConfig, 'columns'>, name = 'orders') => ({
  name,
  config: { connector: 'kafka', options: {}, ...config },
});

describe('quoting', () => {
  it('doubles backticks in identifiers and quotes in strings', () => {
    expect(quoteIdentifier('a`b')).toBe('`a``b`');
    expect(quoteString("it's")).toBe("'it''s'");
    expect(quoteString('line\nbreak')).toBe("'line\nbreak'");
  });

  it('refuses identifiers Flink cannot quote', () => {
    expect(() => quoteIdentifier('')).toThrow('cannot be empty');
    expect(() => quoteIdentifier('a\nb')).toThrow('line break');
  });

  it('lexes quoted text back to the original value', () => {
    const tokens = lexSql("`a``b` = 'it''s'");
    expect(tokens.map((t) => t.value)).toEqual(['a`b', '=', "it's"]);
  });
});

describe('checkSqlExpression', () => {
  it.each([
    "`ts` - INTERVAL '5' SECOND",
    'PROCTIME()',
    "contents['content']",
    "CONCAT(a, ',', b)",
    "'a -- not a comment'",
  ])('accepts %s', (expr) => {
    expect(checkSqlExpression(expr)).toBeUndefined();
  });

  it.each([
    ['a) WITH (x', "Unbalanced ')'"],
    ['a, b', 'A comma outside brackets'],
    ['a -- comment', 'Comments are not allowed'],
    ['a /* c */', 'Comments are not allowed'],
    ["'open", 'Unterminated string'],
    ['f(a', "'(' is never closed"],
    ['a; DROP TABLE x', "A ';' is not allowed"],
    ['   ', 'The expression is empty'],
  ])('rejects %s', (expr, message) => {
    expect(checkSqlExpression(expr)?.message).toContain(message);
  });
});

describe('createTableDdl', () => {
  const columns: Column[] = [
    { kind: 'physical', name: 'id', type: 'bigint not null' },
    { kind: 'physical', name: 'payload', type: 'row<a int, b array<string>>' },
    { kind: 'computed', name: 'proc', expression: 'PROCTIME()' },
    { kind: 'metadata', name: 'ts', type: 'TIMESTAMP_LTZ(3)', key: 'timestamp', virtual: false },
    { kind: 'metadata', name: 'offset', type: 'BIGINT', virtual: true },
  ];

  it('writes columns, computed and metadata columns, watermark, primary key and sorted options', () => {
    const ddl = createTableDdl(
      table({
        columns,
        watermark: { column: 'ts', expression: "`ts` - INTERVAL '5' SECOND" },
        primaryKey: ['id'],
        options: { topic: 'orders', 'properties.bootstrap.servers': '127.0.0.1:9092', format: 'json' },
      }),
    );
    expect(ddl).toBe(
      [
        'CREATE TABLE `orders` (',
        '  `id` BIGINT NOT NULL,',
        '  `payload` ROW<`a` INT, `b` ARRAY<STRING>>,',
        '  `proc` AS PROCTIME(),',
        "  `ts` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',",
        '  `offset` BIGINT METADATA VIRTUAL,',
        "  WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND,",
        '  PRIMARY KEY (`id`) NOT ENFORCED',
        ') WITH (',
        "  'connector' = 'kafka',",
        "  'format' = 'json',",
        "  'properties.bootstrap.servers' = '127.0.0.1:9092',",
        "  'topic' = 'orders'",
        ')',
      ].join('\n'),
    );
  });

  it('escapes names and values so that nothing breaks out of the statement', () => {
    const evil = "x') WITH ('connector' = 'filesystem'); DROP TABLE t; --";
    const ddl = createTableDdl(
      table(
        { columns: [{ kind: 'physical', name: 'a`) --', type: 'INT' }], options: { topic: evil } },
        'we`ird',
      ),
    );
    const parsed = parseCreateTableDdl(ddl);
    expect(parsed.name).toBe('we`ird');
    expect(parsed.columns).toEqual([{ kind: 'physical', name: 'a`) --', type: 'INT' }]);
    expect(parsed.options).toEqual({ connector: 'kafka', topic: evil });
  });

  it('leaves options with secret parameters out of the text and lists them separately', () => {
    const node = table(
      {
        connector: 'jdbc',
        columns: [{ kind: 'physical', name: 'a', type: 'INT' }],
        options: { url: 'jdbc:mysql://${host}/db', password: '${db_password}', 'table-name': 't' },
      },
      't',
    );
    const params = [
      { name: 'host', secret: false },
      { name: 'db_password', secret: true },
    ];
    const ddl = createTableDdl(node, { parameters: params });
    expect(ddl).not.toContain('password');
    expect(ddl).toContain("'url' = 'jdbc:mysql://${host}/db'");
    expect(secretOptions(node, params)).toEqual([
      { key: 'password', template: '${db_password}', secrets: ['db_password'] },
    ]);
    expect(createTableDdl(node, { parameters: params, values: { host: 'db.local' } })).toContain(
      "'url' = 'jdbc:mysql://db.local/db'",
    );
  });

  it('ends with the WITH clause so that a runtime can append secret options', () => {
    const ddl = createTableDdl(table({ columns: [{ kind: 'physical', name: 'a', type: 'INT' }] }));
    expect(ddl.endsWith("'connector' = 'kafka'\n)")).toBe(true);
  });

  it('refuses invalid types, unsafe expressions and missing parameter values', () => {
    expect(() =>
      createTableDdl(table({ columns: [{ kind: 'physical', name: 'a', type: 'DECIMAL(99)' }] })),
    ).toThrow(DdlError);
    expect(() =>
      createTableDdl(table({ columns: [{ kind: 'computed', name: 'a', expression: '1) WITH (' }] })),
    ).toThrow("Invalid computed column 'a' expression");
    expect(() =>
      createTableDdl(
        table({ columns: [{ kind: 'physical', name: 'a', type: 'INT' }], options: { topic: '${t}' } }),
        { values: {} },
      ),
    ).toThrow("No value for parameter 't'");
  });
});

describe('parseTableElement', () => {
  it('reads SREWorks column clauses', () => {
    expect(parseTableElement("`ts` TIMESTAMP(3) METADATA FROM 'timestamp' VIRTUAL").columns).toEqual([
      { kind: 'metadata', name: 'ts', type: 'TIMESTAMP(3)', key: 'timestamp', virtual: true },
    ]);
    expect(parseTableElement("WATERMARK FOR time_ltz AS time_ltz - INTERVAL '5' SECOND").watermark).toEqual({
      column: 'time_ltz',
      expression: "time_ltz - INTERVAL '5' SECOND",
    });
    expect(parseTableElement('PRIMARY KEY (`pattern`,`config_id`) NOT ENFORCED').primaryKey).toEqual([
      'pattern',
      'config_id',
    ]);
    expect(parseTableElement('CONSTRAINT pk PRIMARY KEY (a) NOT ENFORCED').primaryKey).toEqual(['a']);
  });

  it('reports where a clause stops making sense', () => {
    expect(() => parseTableElement('PRIMARY KEY (a) ENFORCED')).toThrow(
      "Expected NOT, found 'ENFORCED' (at character 17)",
    );
  });
});

describe('DDL round trip (property)', () => {
  // Any text Flink can hold in a quoted identifier: quotes, backticks, unicode; no line breaks.
  const name = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((s) => !/[\r\n]/.test(s));
  const anyText = fc.string({ maxLength: 30, unit: 'grapheme' });
  const typeText = fc.constantFrom(
    'INT',
    'bigint not null',
    'STRING',
    'DECIMAL(10, 2)',
    'ARRAY<ROW<`a``b` INT, c MAP<STRING, BYTES>>>',
    'TIMESTAMP(3)',
    'TIMESTAMP_LTZ(3)',
  );
  const column = (n: string): fc.Arbitrary<Column> =>
    fc.oneof(
      typeText.map((type) => ({ kind: 'physical' as const, name: n, type })),
      anyText.map((s) => ({
        kind: 'computed' as const,
        name: n,
        expression: `CONCAT(${quoteString(s)}, ${quoteIdentifier(n)})`,
      })),
      fc
        .record({ type: typeText, key: fc.option(anyText, { nil: undefined }), virtual: fc.boolean() })
        .map(({ type, key, virtual }) => {
          const c: Column = { kind: 'metadata', name: n, type, virtual };
          if (key !== undefined) c.key = key;
          return c;
        }),
    );
  const config = fc
    .uniqueArray(name, { minLength: 1, maxLength: 6 })
    .chain((names) => fc.tuple(...names.map(column)))
    .chain((columns) =>
      fc.record({
        columns: fc.constant(columns),
        options: fc.dictionary(
          anyText.filter((k) => k !== 'connector'),
          anyText,
          { maxKeys: 6 },
        ),
        pk: fc.subarray(columns.filter((c) => c.kind === 'physical').map((c) => c.name)),
        wm: fc.option(fc.constantFrom(...columns.map((c) => c.name)), { nil: undefined }),
      }),
    );

  it('keeps option keys that are Object.prototype names as plain options', () => {
    const options = JSON.parse('{"__proto__": "a", "constructor": "b", "toString": "c"}') as Record<
      string,
      string
    >;
    const cfg: TableConfig = {
      connector: 'kafka',
      options,
      columns: [{ kind: 'physical', name: 'x', type: 'INT' }],
    };
    const parsed = parseCreateTableDdl(createTableDdl({ name: 't', config: cfg }));
    expect(Object.getPrototypeOf(parsed.options)).toBe(Object.prototype);
    expect(Object.entries(parsed.options)).toEqual([
      ['connector', 'kafka'],
      ['__proto__', 'a'],
      ['constructor', 'b'],
      ['toString', 'c'],
    ]);
  });

  it('parses back to the same name, columns and options for arbitrary names and values', () => {
    fc.assert(
      fc.property(name, config, (tableName, { columns, options, pk, wm }) => {
        const cfg: TableConfig = { connector: 'kafka', options, columns };
        if (pk.length > 0) cfg.primaryKey = pk;
        if (wm !== undefined)
          cfg.watermark = { column: wm, expression: `${quoteIdentifier(wm)} - INTERVAL '1' SECOND` };
        const parsed = parseCreateTableDdl(createTableDdl({ name: tableName, config: cfg }));
        expect(parsed.name).toBe(tableName);
        expect(parsed.options).toEqual({ connector: 'kafka', ...options });
        expect(parsed.columns).toEqual(
          columns.map((c) => {
            if (c.kind === 'computed') return c;
            const r = parseFlinkType(c.type);
            if (!r.ok) throw new Error(r.error.message);
            return { ...c, type: formatFlinkType(r.type) };
          }),
        );
        expect(parsed.primaryKey).toEqual(cfg.primaryKey);
        expect(parsed.watermark).toEqual(cfg.watermark);
      }),
      { numRuns: 300 },
    );
  });
});
