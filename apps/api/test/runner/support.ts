/**
 * Shared helpers of the runner's integration tests: real MariaDB and Kafka from `infra/`, each test
 * isolated in its own database / topics, and a `run()` that records the log and stats of a run.
 * Tests may read process.env (they are not app code) for service addresses.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type Connection, createConnection } from 'mysql2/promise';
import { executeDag } from '../../src/runner/dag-executor.js';
import type { NodeStats, RunContext, RunLogEvent, RunOutcome } from '../../src/runner/run-context.js';
import type { RunnableColumn, RunnableJob, RunnableNode } from '../../src/runner/runnable-job.js';

export const runtimeDir = resolve(import.meta.dirname, '../../../../packages/python');
export const MYSQL = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'sluice',
  password: process.env.MYSQL_PASSWORD ?? 'sluice',
};
export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** A database of its own (`sluice_rt_<hex>`: the `sluice` user may create `sluice_*` databases). */
export async function createTestDatabase(): Promise<{
  name: string;
  db: Connection;
  drop: () => Promise<void>;
}> {
  const name = uniqueName('sluice_rt');
  const db = await createConnection({
    ...MYSQL,
    multipleStatements: true,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  await db.query("SET time_zone = '+00:00'");
  await db.query(`CREATE DATABASE \`${name}\``);
  await db.query(`USE \`${name}\``);
  return {
    name,
    db,
    drop: async () => {
      await db.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await db.end();
    },
  };
}

export function jdbcUrl(database: string): string {
  return `jdbc:mysql://${MYSQL.host}:${MYSQL.port}/${database}`;
}

export const kafka = new Kafka({
  clientId: 'runner-tests',
  brokers: KAFKA_BROKERS.split(','),
  logLevel: logLevel.NOTHING,
});

/** A `${name}` parameter reference for connector options. */
export const ref = (name: string) => `$\{${name}}`;

export function column(name: string, type: string): RunnableColumn {
  return { name, type };
}

export function source(
  id: string,
  connector: string,
  options: Record<string, string>,
  columns: RunnableColumn[],
): RunnableNode {
  return { id, kind: 'source', name: id, config: { connector, options, columns } };
}

export function sink(
  id: string,
  connector: string,
  options: Record<string, string>,
  columns: RunnableColumn[],
  primaryKey?: string[],
): RunnableNode {
  return {
    id,
    kind: 'sink',
    name: id,
    config: { connector, options, columns, ...(primaryKey ? { primaryKey } : {}) },
  };
}

export function python(id: string, code: string): RunnableNode {
  return { id, kind: 'python', name: id, config: { mode: 'record', code } };
}

/** A job from nodes and `a->b` edges. */
export function job(nodes: RunnableNode[], edges: string[], extra: Partial<RunnableJob> = {}): RunnableJob {
  return {
    name: extra.name ?? uniqueName('job'),
    environment: 'default',
    parameters: extra.parameters ?? [],
    graph: {
      nodes,
      edges: edges.map((e) => {
        const [s, t] = e.split('->') as [string, string];
        return { id: e, source: s, target: t };
      }),
    },
  };
}

export interface RecordedRun {
  outcome: RunOutcome;
  logs: RunLogEvent[];
  stats: NodeStats[][];
  /** Every log message and traceback joined, for "never contains" assertions. */
  text: string;
  node: (name: string) => NodeStats;
}

/** Runs a job with the test defaults (system python3, small stats interval). */
export async function run(j: RunnableJob, overrides: Partial<RunContext> = {}): Promise<RecordedRun> {
  const logs: RunLogEvent[] = [];
  const stats: NodeStats[][] = [];
  const outcome = await executeDag(j, {
    runId: uniqueName('run'),
    params: {},
    pythonFor: () => 'python3',
    runtimeDir,
    log: (e) => logs.push(e),
    onNodeStats: (s) => stats.push(s),
    statsIntervalMs: 200,
    ...overrides,
  });
  const text =
    logs.map((l) => `${l.message}\n${l.traceback ?? ''}`).join('\n') + JSON.stringify(outcome.error ?? {});
  return {
    outcome,
    logs,
    stats,
    text,
    node: (name) => {
      const found = outcome.nodes.find((n) => n.name === name);
      if (!found) throw new Error(`no node ${name} in outcome`);
      return found;
    },
  };
}

/**
 * Reads a topic from the beginning to its current end offsets, as a read_committed consumer (the
 * kafkajs default): messages of aborted transactions are not returned, yet the read still knows
 * it reached the end because batches of only aborted records and markers report their offsets.
 */
export async function readTopic(
  topic: string,
  timeoutMs = 20_000,
): Promise<{ key: string | null; value: string }[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
  await admin.disconnect();
  const reached = new Map([...ends].map(([p, end]) => [p, end === 0]));
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 200 });
  const out: { key: string | null; value: string }[] = [];
  consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
    if (Number(e.payload.lastOffset) + 1 >= (ends.get(e.payload.partition) ?? 0))
      reached.set(e.payload.partition, true);
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      out.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '' });
    },
  });
  const deadline = Date.now() + timeoutMs;
  while ([...reached.values()].some((r) => !r)) {
    if (Date.now() > deadline)
      throw new Error(`reading ${topic} did not reach its end offsets in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await consumer.disconnect();
  return out;
}
