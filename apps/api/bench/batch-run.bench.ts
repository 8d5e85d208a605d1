/**
 * Batch runner benchmark: records/s and peak memory of a 1M-row jdbc -> python -> jdbc run, and the
 * wall-time overhead of trivial 3-node runs. Needs the local stack (`bash infra/up.sh`).
 *
 *   cd apps/api && node --conditions=@sluice/source --import tsx bench/batch-run.bench.ts [rows]
 *
 * Prints a summary and writes `bench/results/batch-run-<timestamp>.json`. Environment (optional):
 * MYSQL_HOST/MYSQL_PORT/MYSQL_USER/MYSQL_PASSWORD, SLUICE_BENCH_PYTHON (default python3).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { executeDag } from '../src/runner/dag-executor.js';
import type { RunContext, RunOutcome } from '../src/runner/run-context.js';
import type { RunnableJob, RunnableNode } from '../src/runner/runnable-job.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const TRIVIAL_RUNS = 15;
const MYSQL = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'sluice',
  password: process.env.MYSQL_PASSWORD ?? 'sluice',
};
const PYTHON = process.env.SLUICE_BENCH_PYTHON ?? 'python3';
const runtimeDir = resolve(import.meta.dirname, '../../../packages/python');
const resultsDir = resolve(import.meta.dirname, 'results');

const COLUMNS = [
  { name: 'id', type: 'BIGINT' },
  { name: 'name', type: 'STRING' },
  { name: 'amount', type: 'DECIMAL(10, 2)' },
  { name: 'created', type: 'TIMESTAMP(3)' },
];
const OUT_COLUMNS = [...COLUMNS, { name: 'name_length', type: 'INT' }];
const STEP = `
def process(record, ctx):
    record["name"] = record["name"].upper()
    record["name_length"] = len(record["name"])
    return record
`;

/** RSS of this process and its children (the Python step hosts), sampled from /proc. */
function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return out;
}
function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function sampler() {
  let node = 0;
  let children = 0;
  const timer = setInterval(() => {
    node = Math.max(node, process.memoryUsage().rss);
    children = Math.max(
      children,
      childPids(process.pid).reduce((sum, pid) => sum + rssOf(pid), 0),
    );
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return { nodeRssMb: +(node / 2 ** 20).toFixed(1), pythonRssMb: +(children / 2 ** 20).toFixed(1) };
    },
  };
}

const node = (id: string, kind: RunnableNode['kind'], config: RunnableNode['config']): RunnableNode => ({
  id,
  kind,
  name: id,
  config,
});
function job(nodes: RunnableNode[], edges: [string, string][]): RunnableJob {
  return {
    name: 'bench',
    environment: 'default',
    graph: { nodes, edges: edges.map(([source, target]) => ({ source, target })) },
  };
}

async function execute(j: RunnableJob, extra: Partial<RunContext> = {}): Promise<RunOutcome> {
  const outcome = await executeDag(j, {
    runId: `bench-${randomBytes(4).toString('hex')}`,
    params: {},
    pythonFor: () => PYTHON,
    runtimeDir,
    log: (e) => {
      if (e.level === 'error') console.error(`  [${e.node ?? 'run'}] ${e.message}`);
    },
    ...extra,
  });
  if (outcome.status !== 'succeeded') throw new Error(`run ${outcome.status}: ${outcome.error?.message}`);
  return outcome;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function main() {
  // The machine is shared: the load before the run says how much of it the numbers got.
  const loadBefore = loadavg().map((l) => +l.toFixed(2));
  const database = `sluice_bench_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection({ ...MYSQL, multipleStatements: true });
  await admin.query(`CREATE DATABASE \`${database}\``);
  try {
    await admin.query(`USE \`${database}\`;
      CREATE TABLE src (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, amount DECIMAL(10,2) NOT NULL, created DATETIME(3) NOT NULL);
      CREATE TABLE dst (id BIGINT PRIMARY KEY, name VARCHAR(64), amount DECIMAL(10,2), created DATETIME(3), name_length INT);
      CREATE TABLE one (id BIGINT PRIMARY KEY, name VARCHAR(64), amount DECIMAL(10,2), created DATETIME(3));
      CREATE TABLE one_out LIKE dst;
      INSERT INTO one VALUES (1, 'x', 1.00, '2024-01-01 00:00:00');`);
    const seedStart = performance.now();
    // MariaDB's sequence engine makes a million rows in one statement, no client round trips.
    await admin.query(
      `INSERT INTO src SELECT seq, CONCAT('item-', seq), (seq % 100000) / 100, TIMESTAMP('2024-01-01') + INTERVAL seq SECOND FROM seq_1_to_${ROWS}`,
    );
    const seedSeconds = (performance.now() - seedStart) / 1000;
    console.log(`seeded ${ROWS} rows into ${database}.src in ${seedSeconds.toFixed(1)} s`);

    const jdbc = (table: string) => ({
      url: `jdbc:mysql://${MYSQL.host}:${MYSQL.port}/${database}`,
      username: MYSQL.user,
      password: MYSQL.password,
      'table-name': table,
    });
    const bigJob = job(
      [
        node('src', 'source', { connector: 'jdbc', options: jdbc('src'), columns: COLUMNS }),
        node('upper', 'python', { mode: 'record', code: STEP }),
        node('dst', 'sink', { connector: 'jdbc', options: jdbc('dst'), columns: OUT_COLUMNS }),
      ],
      [
        ['src', 'upper'],
        ['upper', 'dst'],
      ],
    );
    const memory = sampler();
    const began = performance.now();
    const outcome = await execute(bigJob);
    const seconds = (performance.now() - began) / 1000;
    const peaks = memory.stop();
    const [[count]] = (await admin.query('SELECT COUNT(*) AS n FROM dst')) as unknown as [[{ n: number }]];
    if (Number(count.n) !== ROWS) throw new Error(`dst has ${count.n} rows, expected ${ROWS}`);
    const big = {
      rows: ROWS,
      seconds: +seconds.toFixed(2),
      recordsPerSecond: Math.round(ROWS / seconds),
      peakRssMb: peaks,
      busyMs: Object.fromEntries(outcome.nodes.map((n) => [n.name, n.busyMs])),
    };
    console.log(
      `jdbc -> python -> jdbc: ${ROWS} rows in ${big.seconds} s = ${big.recordsPerSecond} records/s; ` +
        `peak RSS node ${peaks.nodeRssMb} MB, python ${peaks.pythonRssMb} MB; busy ms ${JSON.stringify(big.busyMs)}`,
    );

    const trivialJobs: Record<string, RunnableJob> = {
      'datagen -> python -> print': job(
        [
          node('gen', 'source', {
            connector: 'datagen',
            options: { 'number-of-rows': '1' },
            columns: [{ name: 'id', type: 'INT' }],
          }),
          node('step', 'python', { mode: 'record', code: 'def process(r, ctx):\n    return r\n' }),
          node('out', 'sink', { connector: 'print', options: {}, columns: [] }),
        ],
        [
          ['gen', 'step'],
          ['step', 'out'],
        ],
      ),
      'jdbc -> python -> jdbc (1 row)': job(
        [
          node('one', 'source', { connector: 'jdbc', options: jdbc('one'), columns: COLUMNS }),
          node('step', 'python', { mode: 'record', code: STEP }),
          node('out', 'sink', {
            connector: 'jdbc',
            options: jdbc('one_out'),
            columns: OUT_COLUMNS,
            primaryKey: ['id'],
          }),
        ],
        [
          ['one', 'step'],
          ['step', 'out'],
        ],
      ),
    };
    const trivial: Record<string, { medianMs: number; p90Ms: number; minMs: number; runs: number }> = {};
    for (const [name, j] of Object.entries(trivialJobs)) {
      await execute(j); // warm-up: module loading, first connections
      const times: number[] = [];
      for (let i = 0; i < TRIVIAL_RUNS; i++) {
        const t0 = performance.now();
        await execute(j);
        times.push(performance.now() - t0);
      }
      trivial[name] = {
        medianMs: +percentile(times, 50).toFixed(1),
        p90Ms: +percentile(times, 90).toFixed(1),
        minMs: +Math.min(...times).toFixed(1),
        runs: TRIVIAL_RUNS,
      };
      console.log(
        `trivial ${name}: median ${trivial[name].medianMs} ms, p90 ${trivial[name].p90Ms} ms over ${TRIVIAL_RUNS} runs`,
      );
    }

    const result = {
      benchmark: 'batch-run',
      at: new Date().toISOString(),
      loadAverageBefore: loadBefore,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGb: +(totalmem() / 2 ** 30).toFixed(1),
        node: process.version,
      },
      python: PYTHON,
      batchSize: 1000,
      seedSeconds: +seedSeconds.toFixed(1),
      jdbcPythonJdbc: big,
      trivialRuns: trivial,
    };
    await mkdir(resultsDir, { recursive: true });
    const file = resolve(resultsDir, `batch-run-${result.at.replace(/[:.]/g, '-')}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${file}`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
