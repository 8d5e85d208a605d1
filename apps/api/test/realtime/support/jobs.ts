import type { JobInput } from '@sluice/dag';
import {
  ENRICHED_ORDER_COLUMNS,
  enrichedOrdersJdbcOptions,
  ORDER_COLUMNS,
} from '@sluice/flink/test-fixtures/orders';
import { datagenSource, linearGraph, recordStep, tablelessSink } from '../../support/pipeline-nodes.js';

/** Real-time job documents for the tests, on each test's own topics and tables. */

export const ENRICH_STEP = `def process(record, ctx):
    # Orders without an amount are noise; the rest get a total and a label.
    if record["amount"] is None:
        return None
    total = round(record["amount"] * record["qty"], 2)
    return {
        "order_id": record["order_id"],
        "customer": record["customer"].strip().lower(),
        "total": total,
        "label": "big" if total >= 100 else "small",
        "ordered_at": record["ts"],
    }
`;

/** What {@link ENRICH_STEP} makes of order `id` as produced by {@link order}, or undefined (dropped). */
export function enriched(id: number) {
  if (id % 10 === 0) return undefined;
  const total = id * 2.5 * 2;
  return {
    order_id: id,
    customer: `customer-${id % 3}`,
    total: total.toFixed(2),
    label: total >= 100 ? 'big' : 'small',
    ordered_at: new Date(`2024-05-01T13:45:${String(id % 60).padStart(2, '0')}Z`),
  };
}

/** The Kafka value of order `id` (JSON, as the log agent or an app would send it). */
export function order(id: number) {
  return {
    order_id: id,
    customer: `  Customer-${id % 3}  `,
    amount: id % 10 === 0 ? null : id * 2.5,
    qty: 2,
    // Whole seconds: MySQL Connector/J drops fractions against MariaDB 10.11 (packages/flink/README.md).
    ts: `2024-05-01 13:45:${String(id % 60).padStart(2, '0')}`,
  };
}

/**
 * The acceptance job of issue 5: kafka (JSON) -> python record step -> jdbc upsert. The JDBC URL
 * carries a secret parameter (`url_token`, a harmless connection attribute the server ignores) so
 * that a leak of a secret anywhere is detectable; the password is a secret parameter too.
 */
export function kafkaPythonJdbc(opts: {
  name: string;
  topic: string;
  database: string;
  table: string;
  code?: string;
}): JobInput {
  return {
    name: opts.name,
    title: 'Orders enrichment (test)',
    kind: 'realtime',
    environment: 'default',
    parameters: [
      { name: 'db_password', secret: true, required: true, description: 'MariaDB password' },
      { name: 'url_token', secret: true, required: true, description: 'watched for leaks' },
    ],
    graph: linearGraph(
      {
        id: 'orders',
        kind: 'source',
        name: 'orders',
        config: {
          connector: 'kafka',
          options: {
            topic: opts.topic,
            'properties.bootstrap.servers': '127.0.0.1:9092',
            'properties.group.id': `${opts.name}-group`,
            'scan.startup.mode': 'earliest-offset',
            format: 'json',
          },
          columns: ORDER_COLUMNS,
        },
      },
      recordStep(opts.code ?? ENRICH_STEP, { id: 'enrich' }),
      {
        id: 'out',
        kind: 'sink',
        name: 'orders_out',
        config: {
          connector: 'jdbc',
          options: enrichedOrdersJdbcOptions({
            url: `jdbc:mysql://127.0.0.1:3306/${opts.database}?connectionAttributes=sluice_test:\${url_token}`,
            table: opts.table,
            username: 'sluice',
          }),
          columns: ENRICHED_ORDER_COLUMNS,
          primaryKey: ['order_id'],
        },
      },
    ),
    realtime: {
      parallelism: 1,
      checkpointIntervalMs: 2_000,
      restartPolicy: { type: 'none' },
      restore: 'latest-savepoint',
    },
  };
}

/**
 * An unbounded job that needs no external table: datagen -> python -> blackhole. `code` decides
 * what the step does (pass-through by default).
 */
export function datagenPythonBlackhole(opts: {
  name: string;
  code?: string;
  rowsPerSecond?: number;
  realtime?: JobInput['realtime'];
}): JobInput {
  return {
    name: opts.name,
    kind: 'realtime',
    environment: 'default',
    graph: linearGraph(
      datagenSource({ rowsPerSecond: opts.rowsPerSecond ?? 5 }),
      recordStep(opts.code),
      tablelessSink('blackhole'),
    ),
    realtime: opts.realtime ?? {
      parallelism: 1,
      checkpointIntervalMs: 5_000,
      restartPolicy: { type: 'none' },
    },
  };
}
