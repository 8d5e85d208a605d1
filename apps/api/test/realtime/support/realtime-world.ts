import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FlinkRestClient } from '@sluice/flink';
import { Queue } from 'bullmq';
import { type Admin, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { RowDataPacket } from 'mysql2';
import type { ApiProcess } from '../../scheduled/support/api-process.js';
import { ScheduledWorld } from '../../scheduled/support/fixtures.js';
import { pollUntil, repoRoot, stack, uniqueName } from '../../stack/stack-env.js';

export { pollUntil, stack, uniqueName };

/** Submissions start a JVM and a Python client: tens of seconds each on 2 shared cores. */
export const SLOW = 600_000;

export const flink = new FlinkRestClient({ restUrl: stack.flinkRestUrl });

export interface DeploymentJson {
  id: number;
  version: number;
  state: string;
  desiredState: string;
  flinkJobId: string | null;
  flinkState: string | null;
  dashboardUrl: string | null;
  startedAt: string | null;
  endedAt: string | null;
  restarts: number;
  autoRestart: { enabled: boolean; attempts: number; nextRestartAt: string | null };
  parameters: Record<string, unknown>;
  restoredFrom: string | null;
  savepointPath: string | null;
  lastError: { message: string; pythonTraceback: string | null } | null;
  lostSince: string | null;
  observedAt: string | null;
  observedBy: string | null;
}

export interface StatusJson {
  job: string;
  currentVersion: number;
  deployment: DeploymentJson | null;
  live: {
    reachable: boolean;
    flinkState?: string;
    vertices?: { name: string; recordsIn: number; recordsOut: number; operators: { name: string }[] }[];
    checkpoints?: {
      counts: { completed: number };
      latestCompleted: { path: string | null } | null;
      latestRestored: { path: string | null } | null;
    };
    exception?: { summary: string | null; pythonTraceback: string | null } | null;
  } | null;
}

export interface EventJson {
  id: number;
  deploymentId: number;
  type: string;
  fromState: string | null;
  toState: string | null;
  flinkJobId: string | null;
  message: string;
}

/**
 * One isolated world for a real-time test file: the scheduled-jobs world (own database, queue
 * prefix, data dir, secret key, real API processes) plus Kafka topics, and cleanup that cancels
 * every Flink job its deployments ever had (the session cluster's 4 slots are shared).
 */
export class RealtimeWorld extends ScheduledWorld {
  readonly startedAt = Date.now();
  private readonly kafka = new Kafka({
    clientId: 'sluice-rt-test',
    brokers: stack.kafkaBrokers,
    logLevel: logLevel.WARN,
  });
  private admin: Admin | undefined;
  private producer: Producer | undefined;
  private readonly topics: string[] = [];

  async topic(prefix: string): Promise<string> {
    const topic = uniqueName(prefix);
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    await this.admin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    this.topics.push(topic);
    return topic;
  }

  async produce(topic: string, values: unknown[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await this.producer.connect();
    }
    await this.producer.send({ topic, messages: values.map((v) => ({ value: JSON.stringify(v) })) });
  }

  /** Every Flink job id the world's deployments had (current ones and those in their history). */
  async flinkJobIds(): Promise<string[]> {
    const ids = new Set<string>();
    for (const table of ['realtime_deployments', 'realtime_events']) {
      const [rows] = await this.db
        .query<RowDataPacket[]>(
          `SELECT DISTINCT flink_job_id AS id FROM ${table} WHERE flink_job_id IS NOT NULL`,
        )
        .catch(() => [[] as RowDataPacket[]]);
      for (const row of rows) ids.add(String(row.id));
    }
    return [...ids];
  }

  override async close(): Promise<void> {
    for (const id of await this.flinkJobIds().catch(() => [] as string[])) {
      const job = await flink.job(id).catch(() => undefined);
      if (job && !['FAILED', 'CANCELED', 'FINISHED'].includes(job.state))
        await flink.cancel(id).catch(() => undefined);
    }
    const queue = new Queue('flink-submits', {
      connection: { url: stack.redisUrl },
      prefix: this.queuePrefix,
    });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await this.producer?.disconnect().catch(() => undefined);
    if (this.admin) {
      await this.admin.deleteTopics({ topics: this.topics }).catch(() => undefined);
      await this.admin.disconnect().catch(() => undefined);
    }
    await super.close();
  }

  status(api: ApiProcess, job: string): Promise<StatusJson> {
    return api.request<StatusJson>('GET', `/v1/jobs/${job}/realtime`);
  }

  history(api: ApiProcess, job: string): Promise<EventJson[]> {
    return api.request<EventJson[]>('GET', `/v1/jobs/${job}/realtime/history?limit=1000`);
  }

  /**
   * Polls the job's status until `test` holds; stops at once when the deployment ended in a state
   * the caller did not wait for, with its error.
   */
  async waitFor(
    api: ApiProcess,
    job: string,
    what: string,
    test: (s: StatusJson) => boolean,
    { timeoutMs = 240_000, intervalMs = 500 }: { timeoutMs?: number; intervalMs?: number } = {},
  ): Promise<StatusJson> {
    return pollUntil(
      `job ${job} ${what}`,
      async () => {
        const status = await this.status(api, job);
        if (test(status)) return status;
        const d = status.deployment;
        if (d && ['failed', 'cancelled', 'finished', 'stopped'].includes(d.state)) {
          throw Object.assign(
            new Error(
              `job ${job} is ${d.state} while waiting for ${what}: ${d.lastError?.message ?? '(no error)'}\n${d.lastError?.pythonTraceback ?? ''}`,
            ),
            { stop: true },
          );
        }
        return undefined;
      },
      { timeoutMs, intervalMs, stopOn: (e) => (e as { stop?: boolean }).stop === true },
    );
  }

  async waitState(api: ApiProcess, job: string, state: string, timeoutMs = 240_000): Promise<StatusJson> {
    return this.waitFor(api, job, `to be ${state}`, (s) => s.deployment?.state === state, { timeoutMs });
  }

  /** Text of Flink's log files written since the world opened (client logs of `flink run` included). */
  async flinkLogsSinceStart(): Promise<string> {
    const dir = process.env.FLINK_LOG_DIR ?? resolve(repoRoot, '.data/flink/log');
    const out: string[] = [];
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile() && info.mtimeMs >= this.startedAt) out.push(await readFile(path, 'utf8'));
    }
    return out.join('\n');
  }
}
