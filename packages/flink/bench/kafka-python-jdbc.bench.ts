/**
 * Real-time benchmark: the kafka (JSON) -> python -> jdbc upsert job on the local Flink session
 * cluster, at parallelism 1 and 2, with the enrichment step, a pass-through step (`return record`,
 * the cost of the Python hop alone) and no python step (SQL INSERT, the baseline).
 *
 *   cd packages/flink && node --conditions=@sluice/source --import tsx bench/kafka-python-jdbc.bench.ts [backlog] [latencyRecords] [bundleMs]
 *
 * Per scenario: `backlog` records are produced first, then the job starts; throughput is records/s
 * from the first row visible in MariaDB to the last. Then `latencyRecords` are produced at a steady
 * 200/s, each carrying its send time; MariaDB stamps the insert time (`DEFAULT` expression), and
 * latency is the difference (produce -> visible), p50/p99. Prints a table and writes JSON to
 * `bench/results/`. Needs the local stack (`bash infra/up.sh`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import mysql from 'mysql2/promise';
import { compileRealtimeJob, FlinkRestClient, TERMINAL_JOB_STATES } from '../src/index.js';
import { submitRealtimeJob } from '../src/node.js';
import { ENRICH_STEP } from '../test/fixtures/jobs.js';
import { pollUntil, stack, uniqueName } from '../test/support/stack.js';

const BACKLOG = Number(process.argv[2] ?? 100_000);
const LATENCY_RECORDS = Number(process.argv[3] ?? 2_000);
/** Optional `python.fn-execution.bundle.time` (ms): how long the Python runner may buffer records. */
const BUNDLE_MS = process.argv[4];
const LATENCY_RATE = 200; // records/s: a steady trickle, so latency is not queueing behind a backlog

type Variant = 'enrich' | 'passthrough' | 'sql';
const SCENARIOS: { variant: Variant; parallelism: number }[] = [
  { variant: 'sql', parallelism: 1 },
  { variant: 'passthrough', parallelism: 1 },
  { variant: 'enrich', parallelism: 1 },
  { variant: 'sql', parallelism: 2 },
  { variant: 'passthrough', parallelism: 2 },
  { variant: 'enrich', parallelism: 2 },
];

const flink = new FlinkRestClient({ restUrl: stack.flinkRestUrl });
const kafka = new Kafka({
  clientId: 'sluice-flink-bench',
  brokers: stack.kafkaBrokers,
  logLevel: logLevel.WARN,
});

const SOURCE_COLUMNS = [
  { name: 'order_id', type: 'BIGINT' },
  { name: 'customer', type: 'STRING' },
  { name: 'amount', type: 'DOUBLE' },
  { name: 'qty', type: 'INT' },
  { name: 'ts', type: 'TIMESTAMP(3)' },
  { name: 'sent_ms', type: 'BIGINT' },
];
const ENRICHED_COLUMNS = [
  { name: 'order_id', type: 'BIGINT NOT NULL' },
  { name: 'customer', type: 'VARCHAR(64)' },
  { name: 'total', type: 'DECIMAL(12, 2)' },
  { name: 'label', type: 'STRING' },
  { name: 'ordered_at', type: 'TIMESTAMP(3)' },
  { name: 'sent_ms', type: 'BIGINT' },
];
const PASSTHROUGH_COLUMNS = [{ name: 'order_id', type: 'BIGINT NOT NULL' }, ...SOURCE_COLUMNS.slice(1)];

function benchJob(variant: Variant, parallelism: number, topic: string, database: string) {
  const code =
    variant === 'enrich'
      ? ENRICH_STEP.replace(
          '"ordered_at": record["ts"],',
          '"ordered_at": record["ts"],\n        "sent_ms": record["sent_ms"],',
        )
      : 'def process(record, ctx):\n    return record\n';
  const sink = {
    id: 'sink',
    kind: 'sink',
    name: 'orders_out',
    config: {
      connector: 'jdbc',
      options: {
        url: `jdbc:mysql://${stack.mysql.host}:${stack.mysql.port}/${database}`,
        'table-name': 'orders_out',
        username: stack.mysql.user,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Sluice parameter reference
        password: '${db_password}',
        'sink.buffer-flush.max-rows': '1000',
        'sink.buffer-flush.interval': '200ms',
      },
      columns: variant === 'enrich' ? ENRICHED_COLUMNS : PASSTHROUGH_COLUMNS,
      primaryKey: ['order_id'],
    },
  };
  const source = {
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
      columns: SOURCE_COLUMNS,
    },
  };
  const nodes: unknown[] = [source, sink];
  const edges = [];
  if (variant === 'sql') {
    edges.push({ source: 'src', target: 'sink' });
  } else {
    nodes.splice(1, 0, { id: 'step', kind: 'python', name: 'step', config: { mode: 'record', code } });
    edges.push({ source: 'src', target: 'step' }, { source: 'step', target: 'sink' });
  }
  return {
    name: `bench-${variant}-p${parallelism}`,
    kind: 'realtime',
    parameters: [{ name: 'db_password', secret: true }],
    graph: { nodes, edges },
    realtime: {
      parallelism,
      checkpointIntervalMs: 10_000,
      restartPolicy: { type: 'none' },
      flinkConfig: BUNDLE_MS ? { 'python.fn-execution.bundle.time': BUNDLE_MS } : {},
    },
  };
}

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
    const next = started + (tick + 1) * 50;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
}

/** TaskManager metaspace in MB: PyFlink jobs leave classes behind in a session cluster, and the
 * TaskManager dies of `OutOfMemoryError: Metaspace` once it is full, so the bench reports it. */
async function metaspaceMb(): Promise<number | undefined> {
  const base = stack.flinkRestUrl;
  const tms = (await (await fetch(`${base}/taskmanagers`)).json()) as { taskmanagers: { id: string }[] };
  const id = tms.taskmanagers[0]?.id;
  if (!id) return undefined;
  const metrics = (await (
    await fetch(`${base}/taskmanagers/${encodeURIComponent(id)}/metrics?get=Status.JVM.Memory.Metaspace.Used`)
  ).json()) as { value: string }[];
  return metrics[0] ? Math.round(Number(metrics[0].value) / 1_048_576) : undefined;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function runScenario(variant: Variant, parallelism: number) {
  const topic = uniqueName(`bench_${variant}`);
  const database = uniqueName('sluice_bench');
  const admin = kafka.admin();
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const db = await mysql.createConnection(stack.mysql);
  let jobId: string | undefined;
  try {
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: parallelism, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await producer.connect();
    await db.query(`CREATE DATABASE \`${database}\``);
    await db.query(`USE \`${database}\``);
    // written_ms: stamped by MariaDB when the row lands, so latency needs no clock in the job.
    await db.query(
      'CREATE TABLE orders_out (order_id BIGINT PRIMARY KEY, customer VARCHAR(64), amount DOUBLE, qty INT, ts DATETIME(3), ' +
        'total DECIMAL(12,2), label VARCHAR(16), ordered_at DATETIME(3), sent_ms BIGINT, ' +
        'written_ms BIGINT DEFAULT (ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000)))',
    );
    const count = async () =>
      Number(
        ((await db.query('SELECT COUNT(*) AS n FROM orders_out')) as unknown as [{ n: number }[]])[0][0]?.n,
      );

    await produceBacklog(producer, topic, BACKLOG);
    const compiled = compileRealtimeJob({ job: benchJob(variant, parallelism, topic, database), version: 1 });
    const submitStarted = Date.now();
    const submitted = await submitRealtimeJob({
      compiled,
      restUrl: stack.flinkRestUrl,
      python: stack.python,
      params: { db_password: stack.mysql.password },
    });
    jobId = submitted.jobId;
    const submitMs = Date.now() - submitStarted;
    const failed = async () => {
      const job = await flink.job(submitted.jobId);
      if (TERMINAL_JOB_STATES.has(job.state)) {
        throw Object.assign(
          new Error(`job ended ${job.state}: ${(await flink.exceptions(submitted.jobId)).summary}`),
          {
            stopPolling: true,
          },
        );
      }
    };
    const firstRowAt = await pollUntil(
      'the first row',
      async () => {
        if ((await count()) > 0) return Date.now();
        await failed();
        return undefined;
      },
      { timeoutMs: 300_000, intervalMs: 100 },
    );
    const startupMs = firstRowAt - submitStarted;
    const lastRowAt = await pollUntil(
      `${BACKLOG} rows`,
      async () => {
        if ((await count()) >= BACKLOG) return Date.now();
        await failed();
        return undefined;
      },
      { timeoutMs: 1_800_000, intervalMs: 200 },
    );
    const throughput = BACKLOG / Math.max(0.001, (lastRowAt - firstRowAt) / 1000);

    await produceSteadily(producer, topic, BACKLOG + 1, LATENCY_RECORDS);
    await pollUntil(
      'the latency records',
      async () => ((await count()) >= BACKLOG + LATENCY_RECORDS ? true : undefined),
      {
        timeoutMs: 300_000,
      },
    );
    const [rows] = (await db.query(
      'SELECT written_ms - sent_ms AS latency FROM orders_out WHERE order_id > ?',
      [BACKLOG],
    )) as unknown as [{ latency: number }[]];
    const latencies = rows.map((r) => Number(r.latency)).sort((a, b) => a - b);
    return {
      variant,
      parallelism,
      backlog: BACKLOG,
      submitMs,
      startupMs,
      recordsPerSecond: Math.round(throughput),
      latencyRecords: latencies.length,
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      latencyMaxMs: latencies.at(-1),
      taskManagerMetaspaceMb: await metaspaceMb().catch(() => undefined),
    };
  } finally {
    if (jobId) {
      const job = await flink.job(jobId).catch(() => undefined);
      if (job && !TERMINAL_JOB_STATES.has(job.state)) await flink.cancel(jobId).catch(() => undefined);
    }
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await db.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
    await db.end().catch(() => undefined);
  }
}

const results = [];
for (const { variant, parallelism } of SCENARIOS) {
  process.stdout.write(`${variant} p${parallelism} ... `);
  const r = await runScenario(variant, parallelism);
  results.push(r);
  console.log(
    `${r.recordsPerSecond} records/s, latency p50 ${r.latencyP50Ms} ms p99 ${r.latencyP99Ms} ms (startup ${r.startupMs} ms)`,
  );
}
console.table(results);
const resultsDir = resolve(import.meta.dirname, 'results');
await mkdir(resultsDir, { recursive: true });
const file = resolve(resultsDir, `kafka-python-jdbc-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(
  file,
  `${JSON.stringify({ at: new Date().toISOString(), cpus: cpus().length, backlog: BACKLOG, latencyRecords: LATENCY_RECORDS, latencyRate: LATENCY_RATE, bundleMs: BUNDLE_MS ?? 'default (1000)', results }, null, 2)}\n`,
);
console.log(`wrote ${file}`);
