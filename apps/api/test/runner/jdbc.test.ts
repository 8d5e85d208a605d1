import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  column,
  createTestDatabase,
  jdbcUrl,
  job,
  MYSQL,
  python,
  ref,
  run,
  sink,
  source,
} from './support.js';

const ORDER_COLUMNS = [
  column('id', 'BIGINT'),
  column('amount', 'DECIMAL(10, 2)'),
  column('created', 'TIMESTAMP(3)'),
  column('note', 'STRING'),
  column('big', 'BIGINT'),
];

const OUT_COLUMNS = [
  column('id', 'BIGINT'),
  column('amount_cents', 'BIGINT'),
  column('created', 'TIMESTAMP(3)'),
  column('note', 'STRING'),
  column('big', 'BIGINT'),
];

const STEP = `
from decimal import Decimal

def open(ctx):
    ctx.state["seen"] = 0

def process(record, ctx):
    ctx.state["seen"] += 1
    if record["id"] % 10 == 0:
        return None
    return {
        "id": record["id"],
        "amount_cents": int(Decimal(record["amount"]) * 100),
        "created": record["created"],
        "note": (record["note"] or "").upper(),
        "big": record["big"],
        "ignored_extra": True,
    }

def close(ctx):
    ctx.log.info("saw %d records", ctx.state["seen"])
`;

describe('jdbc -> python -> jdbc', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const options = () => ({ url: jdbcUrl(database.name), username: MYSQL.user, password: MYSQL.password });

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.query(`
      CREATE TABLE orders (id BIGINT PRIMARY KEY, amount DECIMAL(10,2) NOT NULL, created DATETIME(3) NOT NULL,
                           note VARCHAR(100) NULL, big BIGINT NOT NULL);
      CREATE TABLE orders_out (id BIGINT, amount_cents BIGINT, created DATETIME(3), note VARCHAR(100), big BIGINT);
      CREATE TABLE orders_latest (id BIGINT PRIMARY KEY, amount_cents BIGINT, created DATETIME(3), note VARCHAR(100),
                                  big BIGINT, label VARCHAR(50) NULL);
      INSERT INTO orders
        SELECT seq, seq + 0.25, TIMESTAMP('2024-05-01 12:00:00.123') + INTERVAL seq SECOND,
               IF(seq % 7 = 0, NULL, CONCAT('order ', seq)), 9007199254740993 + seq FROM seq_1_to_2500;
    `);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('streams every row through a python step and inserts the output, converting types both ways', async () => {
    const r = await run(
      job(
        [
          source('orders', 'jdbc', { ...options(), 'table-name': 'orders' }, ORDER_COLUMNS),
          python('enrich', STEP),
          sink(
            'out',
            'jdbc',
            { ...options(), 'table-name': 'orders_out', 'sink.buffer-flush.max-rows': '400' },
            OUT_COLUMNS,
          ),
        ],
        ['orders->enrich', 'enrich->out'],
      ),
    );
    expect(r.outcome.error).toBeUndefined();
    expect(r.outcome.status).toBe('succeeded');
    expect(r.node('orders')).toMatchObject({ status: 'succeeded', recordsOut: 2500, batchesOut: 3 });
    expect(r.node('enrich')).toMatchObject({ status: 'succeeded', recordsIn: 2500, recordsOut: 2250 });
    expect(r.node('out')).toMatchObject({ status: 'succeeded', recordsIn: 2250, recordsOut: 2250 });
    expect(
      r.logs.some((l) => l.node === 'enrich' && l.stream === 'log' && l.message === 'saw 2500 records'),
    ).toBe(true);

    const [rows] = await database.db.query('SELECT * FROM orders_out ORDER BY id');
    const out = rows as Record<string, string | null>[];
    expect(out).toHaveLength(2250);
    expect(out[0]).toEqual({
      id: '1',
      amount_cents: '125',
      created: '2024-05-01 12:00:01.123',
      note: 'ORDER 1',
      big: '9007199254740994',
    });
    // NULL note became '' in the step; BIGINT beyond 2^53 travelled exactly, as text.
    expect(out.find((o) => o.id === '7')).toMatchObject({ note: '', big: '9007199254741000' });
    expect(out.some((o) => Number(o.id) % 10 === 0)).toBe(false);
    // Stats were reported while running and at the end.
    expect(r.stats.at(-1)?.find((s) => s.name === 'out')?.recordsOut).toBe(2250);
  });

  it('upserts on the declared primary key and leaves undeclared columns alone', async () => {
    await database.db.query(`
      INSERT INTO orders_latest (id, amount_cents, created, note, big, label)
      VALUES (1, -1, '2000-01-01 00:00:00', 'stale', 0, 'reviewed'), (3, -1, '2000-01-01 00:00:00', 'stale', 0, NULL)`);
    const upsertJob = () =>
      job(
        [
          source('orders', 'jdbc', { ...options(), 'table-name': 'orders' }, ORDER_COLUMNS),
          python('enrich', STEP),
          sink('latest', 'jdbc', { ...options(), 'table-name': 'orders_latest' }, OUT_COLUMNS, ['id']),
        ],
        ['orders->enrich', 'enrich->latest'],
      );
    const first = await run(upsertJob());
    expect(first.outcome.status).toBe('succeeded');
    expect(first.text).toContain('upsert on id');
    const second = await run(upsertJob());
    expect(second.outcome.status).toBe('succeeded');

    const [count] = await database.db.query('SELECT COUNT(*) AS n FROM orders_latest');
    expect((count as { n: string }[])[0]?.n).toBe('2250');
    const [rows] = await database.db.query(
      'SELECT id, amount_cents, note, label FROM orders_latest WHERE id IN (1, 3) ORDER BY id',
    );
    expect(rows).toEqual([
      { id: '1', amount_cents: '125', note: 'ORDER 1', label: 'reviewed' },
      { id: '3', amount_cents: '325', note: 'ORDER 3', label: null },
    ]);
  });

  it('fails with a clear message when the source table does not exist, before any record is read', async () => {
    const r = await run(
      job(
        [
          source('orders', 'jdbc', { ...options(), 'table-name': 'no_such_table' }, ORDER_COLUMNS),
          python('enrich', STEP),
          sink('out', 'jdbc', { ...options(), 'table-name': 'orders_out' }, OUT_COLUMNS),
        ],
        ['orders->enrich', 'enrich->out'],
      ),
    );
    expect(r.outcome.status).toBe('failed');
    expect(r.outcome.error).toEqual({
      message: `source 'orders': table \`no_such_table\` does not exist in database \`${database.name}\``,
      node: 'orders',
    });
    expect(r.node('orders').status).toBe('failed');
    expect(r.node('enrich').status).toBe('cancelled');
  });

  it('names a missing column and the table it was looked up in', async () => {
    const r = await run(
      job(
        [
          source('orders', 'jdbc', { ...options(), 'table-name': 'orders' }, [
            ...ORDER_COLUMNS,
            column('missing', 'INT'),
          ]),
          sink('out', 'print', {}, []),
        ],
        ['orders->out'],
      ),
    );
    expect(r.outcome.error?.message).toBe(
      `source 'orders': column \`missing\` does not exist in table \`orders\` (database \`${database.name}\`)`,
    );
  });

  it('reports a sink row the table refuses with the node and the database reason', async () => {
    await database.db.query('CREATE TABLE strict_out (id BIGINT PRIMARY KEY, note VARCHAR(5) NOT NULL)');
    const r = await run(
      job(
        [
          source('orders', 'jdbc', { ...options(), 'table-name': 'orders' }, [
            column('id', 'BIGINT'),
            column('note', 'STRING'),
          ]),
          sink('strict', 'jdbc', { ...options(), 'table-name': 'strict_out' }, [
            column('id', 'BIGINT'),
            column('note', 'STRING'),
          ]),
        ],
        ['orders->strict'],
      ),
    );
    expect(r.outcome.status).toBe('failed');
    expect(r.outcome.error?.node).toBe('strict');
    expect(r.outcome.error?.message).toMatch(
      /^sink 'strict': .*(too long|cannot be null).*table `strict_out`/i,
    );
  });

  it('keeps a wrong secret password out of the logs and the error', async () => {
    const secret = 'Wr0ng-but-Secret-Value-42';
    const r = await run(
      job(
        [
          source(
            'orders',
            'jdbc',
            { ...options(), password: ref('db_pass'), 'table-name': 'orders' },
            ORDER_COLUMNS,
          ),
          sink('out', 'print', {}, []),
        ],
        ['orders->out'],
        { parameters: [{ name: 'db_pass', secret: true }] },
      ),
      { params: { db_pass: secret } },
    );
    expect(r.outcome.status).toBe('failed');
    expect(r.outcome.error?.message).toMatch(
      /^source 'orders': access denied to database `sluice_rt_\w+` at 127\.0\.0\.1:3306/,
    );
    expect(r.text).toContain('"password":"***"');
    expect(r.text).not.toContain(secret);
  });
});
