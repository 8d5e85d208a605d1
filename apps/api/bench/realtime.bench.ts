/**
 * Real-time jobs through the API: the kafka (JSON) -> python -> jdbc job of issue 5 started with
 * `POST /api/v1/jobs/:name/realtime/start` (queue -> `flink run` -> reconciler), at parallelism 1
 * and 2, with the enrichment step, with a pass-through step (`return record`: the cost of the
 * Python hop alone) and with no python step (`sql`, the baseline). The dataflow numbers are
 * measured as in `packages/flink/bench/kafka-python-jdbc.bench.ts` (which submits directly):
 * `backlog` records are produced first, records/s is first row to last row visible in MariaDB; then
 * `latencyRecords` at a steady 200/s, latency = MariaDB's insert time - the send time (p50/p99).
 * What this adds is the gateway: start request -> `running` in the API, stop with savepoint through
 * the API, how fast a cancel made behind Sluice's back shows, and the status endpoint's latency
 * (it asks Flink for per-vertex records and checkpoints on every call).
 *
 *   cd apps/api && node --conditions=@sluice/source --import ./test/scheduled/support/register-swc.mjs \
 *     bench/realtime.bench.ts [backlog=50000] [latencyRecords=1000]
 *
 * Needs the local stack (`bash infra/up.sh`). Writes bench/results/realtime-<time>.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { RowDataPacket } from 'mysql2';
import { ENRICH_STEP } from '../test/realtime/support/jobs.js';
import { flink, RealtimeWorld, type StatusJson } from '../test/realtime/support/realtime-world.js';
import type { ApiProcess } from '../test/scheduled/support/api-process.js';
import { pollUntil, stack, uniqueName } from '../test/stack/stack-env.js';

const BACKLOG = Number(process.argv[2] ?? 50_000);
const LATENCY_RECORDS = Number(process.argv[3] ?? 1_000);
const LATENCY_RATE = 200; // records/s: a trickle, so latency is not queueing behind a backlog
const STATUS_CALLS = 40;

/** `sql`: no python step (a Flink SQL INSERT), the baseline the Python hop is measured against. */
type Variant = 'sql' | 'passthrough' | 'enrich';
const SCENARIOS: { variant: Variant; parallelism: number; end: 'stop' | 'external-cancel' }[] = [
  { variant: 'sql', parallelism: 1, end: 'stop' },
  { variant: 'passthrough', parallelism: 1, end: 'stop' },
  { variant: 'enrich', parallelism: 1, end: 'external-cancel' },
  { variant: 'sql', parallelism: 2, end: 'external-cancel' },
  { variant: 'passthrough', parallelism: 2, end: 'stop' },
  { variant: 'enrich', parallelism: 2, end: 'external-cancel' },
];

const COLUMNS = [
  { name: 'order_id', type: 'BIGINT' },
  { name: 'customer', type: 'STRING' },
  { name: 'amount', type: 'DOUBLE' },
  { name: 'qty', type: 'INT' },
  { name: 'ts', type: 'TIMESTAMP(3)' },
  { name: 'sent_ms', type: 'BIGINT' },
];

function benchJob(name: string, variant: Variant, parallelism: number, topic: string, database: string) {
  const enrich = ENRICH_STEP.replace(
    '"ordered_at": record["ts"],',
    '"ordered_at": record["ts"],\n        "sent_ms": record["sent_ms"],',
  );
  const sinkColumns =
    variant === 'enrich'
      ? [
          { name: 'order_id', type: 'BIGINT NOT NULL' },
          { name: 'customer', type: 'VARCHAR(64)' },
          { name: 'total', type: 'DECIMAL(12, 2)' },
          { name: 'label', type: 'STRING' },
          { name: 'ordered_at', type: 'TIMESTAMP(3)' },
          { name: 'sent_ms', type: 'BIGINT' },
        ]
      : [{ name: 'order_id', type: 'BIGINT NOT NULL' }, ...COLUMNS.slice(1)];
  return {
    name,
    kind: 'realtime',
    parameters: [{ name: 'db_password', secret: true, required: true }],
    graph: {
      nodes: [
        {
          id: 'src',
          kind: 'source',
          name: 'orders',
          config: {
            connector: 'kafka',
            options: {
              topic,
              'properties.bootstrap.servers': stack.kafkaBrokers.join(','),
              'properties.group.id': `${topic}-reader`,
              'scan.startup.mode': 'earliest-offset',
              format: 'json',
            },
            columns: COLUMNS,
          },
        },
        ...(variant === 'sql'
          ? []
          : [
              {
                id: 'step',
                kind: 'python',
                name: 'step',
                config: {
                  mode: 'record',
                  code: variant === 'enrich' ? enrich : 'def process(record, ctx):\n    return record\n',
                },
              },
            ]),
        {
          id: 'sink',
          kind: 'sink',
          name: 'orders_out',
          config: {
            connector: 'jdbc',
            options: {
              url: `jdbc:mysql://127.0.0.1:3306/${database}`,
              'table-name': 'orders_out',
              username: 'sluice',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a Sluice parameter reference
              password: '${db_password}',
              'sink.buffer-flush.max-rows': '1000',
              'sink.buffer-flush.interval': '200ms',
            },
            columns: sinkColumns,
            primaryKey: ['order_id'],
          },
        },
      ],
      edges:
        variant === 'sql'
          ? [{ source: 'src', target: 'sink' }]
          : [
              { source: 'src', target: 'step' },
              { source: 'step', target: 'sink' },
            ],
    },
    realtime: { parallelism, checkpointIntervalMs: 10_000, restartPolicy: { type: 'none' } },
  };
}

function order(id: number, sentMs: number) {
  return {
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

async function produceBacklog(producer: Producer, topic: string, count: number): Promise<void> {
  for (let start = 1; start <= count; start += 2_000) {
    const messages = [];
    for (let id = start; id < Math.min(start + 2_000, count + 1); id++) messages.push(order(id, 0));
    await producer.send({ topic, messages });
  }
}

async function produceSteadily(
  producer: Producer,
  topic: string,
  from: number,
  count: number,
): Promise<void> {
  const perTick = LATENCY_RATE / 20; // every 50 ms
  let id = from;
  const started = Date.now();
  for (let tick = 0; id < from + count; tick++) {
    const messages = [];
    for (let i = 0; i < perTick && id < from + count; i++) messages.push(order(id++, Date.now()));
    await producer.send({ topic, messages });
    await new Promise((r) => setTimeout(r, Math.max(0, started + (tick + 1) * 50 - Date.now())));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function runScenario(
  world: RealtimeWorld,
  api: ApiProcess,
  kafka: Kafka,
  scenario: (typeof SCENARIOS)[number],
) {
  const { variant, parallelism } = scenario;
  // Unique per run: Flink lists jobs by name, and earlier runs' jobs stay in its history.
  const name = `bench-${variant}-p${parallelism}-${Date.now().toString(36)}`;
  // A producer per topic: kafkajs keeps asking for the metadata of topics it produced to, even deleted ones.
  const admin = kafka.admin();
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await admin.connect();
  await producer.connect();
  const topic = uniqueName(`rtbench_${variant}`);
  const table = 'orders_out';
  await admin.createTopics({
    topics: [{ topic, numPartitions: parallelism, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await world.db.query(`DROP TABLE IF EXISTS \`${table}\``);
  // written_ms: stamped by MariaDB when the row lands, so latency needs no clock in the job.
  await world.db.query(
    `CREATE TABLE \`${table}\` (order_id BIGINT PRIMARY KEY, customer VARCHAR(64), amount DOUBLE, qty INT, ts DATETIME(3), ` +
      'total DECIMAL(12,2), label VARCHAR(16), ordered_at DATETIME(3), sent_ms BIGINT, ' +
      'written_ms BIGINT DEFAULT (ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000)))',
  );
  const count = async () =>
    Number((await world.db.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${table}\``))[0][0]?.n);
  try {
    await api.request('POST', '/v1/jobs', benchJob(name, variant, parallelism, topic, world.database));
    await produceBacklog(producer, topic, BACKLOG);

    const t0 = performance.now();
    await api.request('POST', `/v1/jobs/${name}/realtime/start`, { parameters: { db_password: 'sluice' } });
    const startAcceptedMs = performance.now() - t0;
    // Rows are watched from the start request on: a small backlog can be done before the API
    // has seen the job RUNNING (the reconciler looks every 3 s).
    const firstRow = pollUntil(
      'the first row',
      async () => ((await count()) > 0 ? performance.now() : undefined),
      {
        timeoutMs: 300_000,
        intervalMs: 50,
      },
    );
    await world.waitState(api, name, 'running', 300_000);
    const startToRunningMs = performance.now() - t0;
    const firstRowAt = await firstRow;
    const lastRowAt = await pollUntil(
      `${BACKLOG} rows`,
      async () => ((await count()) >= BACKLOG ? performance.now() : undefined),
      { timeoutMs: 1_800_000, intervalMs: 100 },
    );
    const recordsPerSecond = Math.round(BACKLOG / Math.max(0.001, (lastRowAt - firstRowAt) / 1000));

    // The status endpoint while the job runs (it asks Flink for vertices, checkpoints, exceptions).
    const statusMs: number[] = [];
    for (let i = 0; i < STATUS_CALLS; i++) {
      const s0 = performance.now();
      await api.request<StatusJson>('GET', `/v1/jobs/${name}/realtime`);
      statusMs.push(performance.now() - s0);
    }
    statusMs.sort((a, b) => a - b);

    await produceSteadily(producer, topic, BACKLOG + 1, LATENCY_RECORDS);
    await pollUntil(
      'the latency records',
      async () => ((await count()) >= BACKLOG + LATENCY_RECORDS ? true : undefined),
      {
        timeoutMs: 300_000,
      },
    );
    const [rows] = await world.db.query<RowDataPacket[]>(
      `SELECT written_ms - sent_ms AS latency FROM \`${table}\` WHERE order_id > ?`,
      [BACKLOG],
    );
    const latencies = rows.map((r) => Number(r.latency)).sort((a, b) => a - b);

    let stopWithSavepointMs: number | undefined;
    let externalCancelShownMs: number | undefined;
    const status = await world.status(api, name);
    if (scenario.end === 'stop') {
      const s0 = performance.now();
      await api.request('POST', `/v1/jobs/${name}/realtime/stop`);
      stopWithSavepointMs = Math.round(performance.now() - s0);
    } else {
      const c0 = performance.now();
      await flink.cancel(status.deployment?.flinkJobId as string);
      await world.waitState(api, name, 'cancelled', 30_000);
      externalCancelShownMs = Math.round(performance.now() - c0);
    }
    return {
      variant,
      parallelism,
      backlog: BACKLOG,
      startAcceptedMs: Math.round(startAcceptedMs),
      startToRunningMs: Math.round(startToRunningMs),
      startToFirstRowMs: Math.round(firstRowAt - t0),
      recordsPerSecond,
      latencyRecords: latencies.length,
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      latencyMaxMs: latencies.at(-1),
      statusP50Ms: Math.round(percentile(statusMs, 50)),
      statusP99Ms: Math.round(percentile(statusMs, 99)),
      stopWithSavepointMs,
      externalCancelShownMs,
    };
  } finally {
    const s = await world.status(api, name).catch(() => undefined);
    if (s?.deployment && !s.deployment.endedAt) await api.raw('POST', `/v1/jobs/${name}/realtime/cancel`);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const world = await new RealtimeWorld().open();
  const kafka = new Kafka({
    clientId: 'sluice-rt-bench',
    brokers: stack.kafkaBrokers,
    logLevel: logLevel.WARN,
  });
  const results = [];
  try {
    const api = await world.api('bench');
    await world.environmentReady(api);
    for (const scenario of SCENARIOS) {
      process.stdout.write(`${scenario.variant} p${scenario.parallelism} ... `);
      const r = await runScenario(world, api, kafka, scenario);
      results.push(r);
      console.log(
        `${r.recordsPerSecond} records/s, latency p50 ${r.latencyP50Ms} ms p99 ${r.latencyP99Ms} ms, start -> running ${r.startToRunningMs} ms`,
      );
    }
  } finally {
    await world.close();
  }
  console.table(results);
  const dir = resolve(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  const file = resolve(dir, `realtime-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(
    file,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        cpus: cpus().length,
        loadavg: loadavg(),
        backlog: BACKLOG,
        latencyRecords: LATENCY_RECORDS,
        latencyRate: LATENCY_RATE,
        results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${file}`);
}

await main();
