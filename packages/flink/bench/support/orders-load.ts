/**
 * The load of the real-time benchmarks: this package's (which submits to Flink directly) and the
 * API's (which goes through its gateway) put the same orders through the same kafka -> python ->
 * jdbc job and measure latency the same way, so that their numbers compare.
 */
import type { JobInput } from '@sluice/dag';
import type { Producer } from 'kafkajs';
import {
  ENRICHED_ORDER_COLUMNS,
  enrichedOrdersJdbcOptions,
  ORDER_COLUMNS,
} from '../../test/fixtures/orders.js';

/**
 * What sits between the source and the sink: the enrichment step, a pass-through step (the cost
 * of the Python hop alone) or nothing (`sql`: a Flink SQL INSERT, the baseline).
 */
export type Variant = 'sql' | 'passthrough' | 'enrich';

/** Each order carries the time it was sent, and the sink keeps it. */
const SENT_MS = { name: 'sent_ms', type: 'BIGINT' };

/**
 * The sink table. `written_ms` is stamped by MariaDB when the row lands, so latency (written_ms -
 * sent_ms) needs no clock in the job.
 */
export const ORDERS_OUT = 'orders_out';
export const CREATE_ORDERS_OUT =
  `CREATE TABLE \`${ORDERS_OUT}\` (order_id BIGINT PRIMARY KEY, customer VARCHAR(64), amount DOUBLE, qty INT, ts DATETIME(3), ` +
  'total DECIMAL(12,2), label VARCHAR(16), ordered_at DATETIME(3), sent_ms BIGINT, ' +
  'written_ms BIGINT DEFAULT (ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000)))';
/** Latency in ms of each row whose order id is above the parameter (the backlog's are not timed). */
export const SELECT_LATENCIES = `SELECT written_ms - sent_ms AS latency FROM \`${ORDERS_OUT}\` WHERE order_id > ?`;

/**
 * The job's graph: kafka `topic` -> python step (but for `sql`) -> jdbc upsert into `orders_out`,
 * whose password is the secret start parameter `db_password`. `enrichStep` is the test fixture's
 * enrichment, made to pass `sent_ms` on.
 */
export function jobGraph(opts: {
  variant: Variant;
  topic: string;
  brokers: string;
  jdbcUrl: string;
  username: string;
  enrichStep: string;
}): JobInput['graph'] {
  const source = {
    id: 'src',
    kind: 'source' as const,
    name: 'orders',
    config: {
      connector: 'kafka',
      options: {
        topic: opts.topic,
        'properties.bootstrap.servers': opts.brokers,
        'properties.group.id': `${opts.topic}-reader`,
        'scan.startup.mode': 'earliest-offset',
        format: 'json',
      },
      columns: [...ORDER_COLUMNS, SENT_MS],
    },
  };
  const sink = {
    id: 'sink',
    kind: 'sink' as const,
    name: ORDERS_OUT,
    config: {
      connector: 'jdbc',
      options: enrichedOrdersJdbcOptions({
        url: opts.jdbcUrl,
        table: ORDERS_OUT,
        username: opts.username,
        maxRows: 1000,
      }),
      columns:
        opts.variant === 'enrich'
          ? [...ENRICHED_ORDER_COLUMNS, SENT_MS]
          : [{ name: 'order_id', type: 'BIGINT NOT NULL' }, ...ORDER_COLUMNS.slice(1), SENT_MS],
      primaryKey: ['order_id'],
    },
  };
  if (opts.variant === 'sql') return { nodes: [source, sink], edges: [{ source: 'src', target: 'sink' }] };
  const code =
    opts.variant === 'enrich'
      ? opts.enrichStep.replace(
          '"ordered_at": record["ts"],',
          '"ordered_at": record["ts"],\n        "sent_ms": record["sent_ms"],',
        )
      : 'def process(record, ctx):\n    return record\n';
  return {
    nodes: [source, { id: 'step', kind: 'python', name: 'step', config: { mode: 'record', code } }, sink],
    edges: [
      { source: 'src', target: 'step' },
      { source: 'step', target: 'sink' },
    ],
  };
}

/** Order `id` as a Kafka message, sent at `sentMs` (0 for the backlog). */
function order(id: number, sentMs: number) {
  return {
    key: String(id),
    value: JSON.stringify({
      order_id: id,
      customer: `  Customer-${id % 97}  `,
      amount: (id % 500) * 1.25,
      qty: (id % 7) + 1,
      ts: '2024-05-01 13:45:00',
      sent_ms: sentMs,
    }),
  };
}

/** Orders 1..count, produced before the job starts (throughput is measured on them). */
export async function produceBacklog(producer: Producer, topic: string, count: number): Promise<void> {
  for (let start = 1; start <= count; start += 2_000) {
    const messages = [];
    for (let id = start; id < Math.min(start + 2_000, count + 1); id++) messages.push(order(id, 0));
    await producer.send({ topic, messages });
  }
}

/**
 * `count` orders from id `from` on at a steady `ratePerSecond` (a trickle, so that latency is not
 * queueing behind a backlog), each stamped with its send time.
 */
export async function produceSteadily(
  producer: Producer,
  topic: string,
  from: number,
  count: number,
  ratePerSecond: number,
): Promise<void> {
  const perTick = ratePerSecond / 20; // every 50 ms
  let id = from;
  const started = Date.now();
  for (let tick = 0; id < from + count; tick++) {
    const messages = [];
    for (let i = 0; i < perTick && id < from + count; i++) messages.push(order(id++, Date.now()));
    await producer.send({ topic, messages });
    const next = started + (tick + 1) * 50;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
}

/** The `p`th percentile of ascending `sorted` (NaN if empty). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
