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
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import mysql from 'mysql2/promise';
import { compileRealtimeJob, FlinkRestClient, TERMINAL_JOB_STATES } from '../src/index.js';
import { submitRealtimeJob } from '../src/node.js';
import { ENRICH_STEP } from '../test/fixtures/jobs.js';
import { pollUntil, stack, uniqueName } from '../test/support/stack.js';
import * as ordersLoad from './support/orders-load.js';

const BACKLOG = Number(process.argv[2] ?? 100_000);
const LATENCY_RECORDS = Number(process.argv[3] ?? 2_000);
/** Optional `python.fn-execution.bundle.time` (ms): how long the Python runner may buffer records. */
const BUNDLE_MS = process.argv[4];
const LATENCY_RATE = 200; // records/s: a steady trickle, so latency is not queueing behind a backlog

const SCENARIOS: { variant: ordersLoad.Variant; parallelism: number }[] = [
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

function benchJob(variant: ordersLoad.Variant, parallelism: number, topic: string, database: string) {
  return {
    name: `bench-${variant}-p${parallelism}`,
    kind: 'realtime',
    parameters: [{ name: 'db_password', secret: true }],
    graph: ordersLoad.jobGraph({
      variant,
      topic,
      brokers: stack.kafkaBrokers.join(','),
      jdbcUrl: `jdbc:mysql://${stack.mysql.host}:${stack.mysql.port}/${database}`,
      username: stack.mysql.user,
      enrichStep: ENRICH_STEP,
    }),
    realtime: {
      parallelism,
      checkpointIntervalMs: 10_000,
      restartPolicy: { type: 'none' },
      flinkConfig: BUNDLE_MS ? { 'python.fn-execution.bundle.time': BUNDLE_MS } : {},
    },
  };
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

async function runScenario(variant: ordersLoad.Variant, parallelism: number) {
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
    await db.query(ordersLoad.CREATE_ORDERS_OUT);
    const count = async () =>
      Number(
        ((await db.query('SELECT COUNT(*) AS n FROM orders_out')) as unknown as [{ n: number }[]])[0][0]?.n,
      );

    await ordersLoad.produceBacklog(producer, topic, BACKLOG);
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

    await ordersLoad.produceSteadily(producer, topic, BACKLOG + 1, LATENCY_RECORDS, LATENCY_RATE);
    await pollUntil(
      'the latency records',
      async () => ((await count()) >= BACKLOG + LATENCY_RECORDS ? true : undefined),
      {
        timeoutMs: 300_000,
      },
    );
    const [rows] = (await db.query(ordersLoad.SELECT_LATENCIES, [BACKLOG])) as unknown as [
      { latency: number }[],
    ];
    const latencies = rows.map((r) => Number(r.latency)).sort((a, b) => a - b);
    return {
      variant,
      parallelism,
      backlog: BACKLOG,
      submitMs,
      startupMs,
      recordsPerSecond: Math.round(throughput),
      latencyRecords: latencies.length,
      latencyP50Ms: ordersLoad.percentile(latencies, 50),
      latencyP99Ms: ordersLoad.percentile(latencies, 99),
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
