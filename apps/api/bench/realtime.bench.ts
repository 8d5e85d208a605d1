/**
 * Real-time jobs through the API: the kafka (JSON) -> python -> jdbc job of issue 5 started with
 * `POST /api/v1/jobs/:name/realtime/start` (queue -> `flink run` -> reconciler), at parallelism 1
 * and 2, with the enrichment step, with a pass-through step (`return record`: the cost of the
 * Python hop alone) and with no python step (`sql`, the baseline). The dataflow numbers are
 * measured as in `packages/flink/bench/kafka-python-jdbc.bench.ts` (which submits directly), with
 * the same job and load (`@sluice/flink/bench-support/orders-load`):
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
import * as ordersLoad from '@sluice/flink/bench-support/orders-load';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { RowDataPacket } from 'mysql2';
import { ENRICH_STEP } from '../test/realtime/support/jobs.js';
import { flink, RealtimeWorld, type StatusJson } from '../test/realtime/support/realtime-world.js';
import type { ApiProcess } from '../test/scheduled/support/api-process.js';
import { pollUntil, stack, uniqueName } from '../test/stack/stack-env.js';

const BACKLOG = Number(process.argv[2] ?? 50_000);
const LATENCY_RECORDS = Number(process.argv[3] ?? 1_000);
const LATENCY_RATE = 200; // records/s: a trickle, so latency is not queueing behind a backlog
const STATUS_CALLS = 40;

const SCENARIOS: { variant: ordersLoad.Variant; parallelism: number; end: 'stop' | 'external-cancel' }[] = [
  { variant: 'sql', parallelism: 1, end: 'stop' },
  { variant: 'passthrough', parallelism: 1, end: 'stop' },
  { variant: 'enrich', parallelism: 1, end: 'external-cancel' },
  { variant: 'sql', parallelism: 2, end: 'external-cancel' },
  { variant: 'passthrough', parallelism: 2, end: 'stop' },
  { variant: 'enrich', parallelism: 2, end: 'external-cancel' },
];

function benchJob(
  name: string,
  variant: ordersLoad.Variant,
  parallelism: number,
  topic: string,
  database: string,
) {
  return {
    name,
    kind: 'realtime',
    parameters: [{ name: 'db_password', secret: true, required: true }],
    graph: ordersLoad.jobGraph({
      variant,
      topic,
      brokers: stack.kafkaBrokers.join(','),
      jdbcUrl: `jdbc:mysql://127.0.0.1:3306/${database}`,
      username: 'sluice',
      enrichStep: ENRICH_STEP,
    }),
    realtime: { parallelism, checkpointIntervalMs: 10_000, restartPolicy: { type: 'none' } },
  };
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
  const table = ordersLoad.ORDERS_OUT;
  await admin.createTopics({
    topics: [{ topic, numPartitions: parallelism, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await world.db.query(`DROP TABLE IF EXISTS \`${table}\``);
  await world.db.query(ordersLoad.CREATE_ORDERS_OUT);
  const count = async () =>
    Number((await world.db.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${table}\``))[0][0]?.n);
  try {
    await api.request('POST', '/v1/jobs', benchJob(name, variant, parallelism, topic, world.database));
    await ordersLoad.produceBacklog(producer, topic, BACKLOG);

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

    await ordersLoad.produceSteadily(producer, topic, BACKLOG + 1, LATENCY_RECORDS, LATENCY_RATE);
    await pollUntil(
      'the latency records',
      async () => ((await count()) >= BACKLOG + LATENCY_RECORDS ? true : undefined),
      {
        timeoutMs: 300_000,
      },
    );
    const [rows] = await world.db.query<RowDataPacket[]>(ordersLoad.SELECT_LATENCIES, [BACKLOG]);
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
      latencyP50Ms: ordersLoad.percentile(latencies, 50),
      latencyP99Ms: ordersLoad.percentile(latencies, 99),
      latencyMaxMs: latencies.at(-1),
      statusP50Ms: Math.round(ordersLoad.percentile(statusMs, 50)),
      statusP99Ms: Math.round(ordersLoad.percentile(statusMs, 99)),
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
