import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import mysql from 'mysql2/promise';
import { pollUntil, stack, uniqueName } from '../../stack/stack-env.js';
import { ApiProcess, type ApiProcessOptions } from './api-process.js';

export interface RunJson {
  id: number;
  jobName: string;
  version: number;
  trigger: string;
  scheduledFor: string | null;
  attempt: number;
  retryOf: number | null;
  status: string;
  params: Record<string, unknown>;
  error: string | null;
  errorNode: string | null;
  worker: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  logLines: number;
  nodes?: Array<{
    nodeId: string;
    name: string;
    kind: string;
    status: string;
    recordsIn: number;
    recordsOut: number;
    busyMs: number;
  }>;
}

export interface LogLineJson {
  seq: number;
  level: string;
  stream: string;
  node: string | null;
  message: string;
  traceback: string | null;
}

export const TERMINAL = ['SUCCEEDED', 'FAILED', 'TIMEOUT', 'CANCELLED', 'SKIPPED'];

/**
 * One isolated world for a test file: a fresh database (`sluice_sched_*`, which the app account may
 * create), a queue prefix, a data dir (venvs) and a secret key, plus a connection to the database
 * for direct checks. `close()` stops every API process and removes all of it.
 */
export class ScheduledWorld {
  readonly database = uniqueName('sluice_sched');
  readonly queuePrefix = uniqueName('tsched');
  readonly dataDir = mkdtempSync(join(tmpdir(), 'sluice-sched-'));
  readonly secretKeyHex = randomBytes(32).toString('hex');
  readonly processes: ApiProcess[] = [];
  db!: mysql.Connection;

  async open(): Promise<this> {
    const admin = await mysql.createConnection({ uri: stack.mysqlUrl });
    await admin.query(`CREATE DATABASE \`${this.database}\``);
    await admin.end();
    this.db = await mysql.createConnection({
      uri: `${stack.mysqlUrl.replace(/\/[^/]*$/, '')}/${this.database}`,
      timezone: 'Z',
    });
    return this;
  }

  async api(name: string, options: Partial<ApiProcessOptions> = {}): Promise<ApiProcess> {
    const api = new ApiProcess(name, {
      database: this.database,
      queuePrefix: this.queuePrefix,
      dataDir: this.dataDir,
      secretKeyHex: this.secretKeyHex,
      ...options,
    });
    this.processes.push(api);
    return api.start();
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.processes.map((p) => p.stop('SIGKILL')));
    for (const name of ['dag-ticks', 'dag-runs', 'env-builds']) {
      const queue = new Queue(name, { connection: { url: stack.redisUrl }, prefix: this.queuePrefix });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
    await this.db?.query(`DROP DATABASE IF EXISTS \`${this.database}\``).catch(() => undefined);
    await this.db?.end().catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Waits until the environment is READY (the `default` one is built on first start). */
  async environmentReady(api: ApiProcess, name = 'default', timeoutMs = 120_000) {
    return pollUntil(
      `environment '${name}' to be READY`,
      async () => {
        const env = await api.request<{ status: string; build: { error: string | null } }>(
          'GET',
          `/v1/environments/${name}`,
        );
        if (env.status === 'FAILED') throw new Error(`environment '${name}' failed: ${env.build.error}`);
        return env.status === 'READY' ? env : undefined;
      },
      { timeoutMs, intervalMs: 500 },
    );
  }

  async pollEnv<E extends { status: string }>(
    api: ApiProcess,
    name: string,
    test: (env: E) => boolean,
    timeoutMs = 180_000,
  ): Promise<E> {
    return pollUntil(
      `environment '${name}' to reach the expected state`,
      async () => {
        const env = await api.request<E>('GET', `/v1/environments/${name}`);
        return test(env) ? env : undefined;
      },
      { timeoutMs, intervalMs: 500 },
    );
  }

  async runEnded(api: ApiProcess, runId: number, timeoutMs = 90_000): Promise<RunJson> {
    return pollUntil(
      `run ${runId} to end`,
      async () => {
        const run = await api.request<RunJson>('GET', `/v1/runs/${runId}`);
        return TERMINAL.includes(run.status) ? run : undefined;
      },
      { timeoutMs, intervalMs: 300 },
    );
  }

  async pollRun(
    api: ApiProcess,
    runId: number,
    test: (run: RunJson) => boolean,
    timeoutMs = 60_000,
  ): Promise<RunJson> {
    return pollUntil(
      `run ${runId} to reach the expected state`,
      async () => {
        const run = await api.request<RunJson>('GET', `/v1/runs/${runId}`);
        return test(run) ? run : undefined;
      },
      { timeoutMs, intervalMs: 200 },
    );
  }

  async pollRuns(
    api: ApiProcess,
    job: string,
    test: (runs: RunJson[]) => boolean,
    timeoutMs = 60_000,
  ): Promise<RunJson[]> {
    return pollUntil(
      `runs of ${job} to reach the expected state`,
      async () => {
        const runs = await this.runs(api, job);
        return test(runs) ? runs : undefined;
      },
      { timeoutMs, intervalMs: 300 },
    );
  }

  async logs(api: ApiProcess, runId: number): Promise<LogLineJson[]> {
    return (await api.request<{ lines: LogLineJson[] }>('GET', `/v1/runs/${runId}/logs?limit=5000`)).lines;
  }

  async runs(api: ApiProcess, job: string): Promise<RunJson[]> {
    return api.request<RunJson[]>('GET', `/v1/jobs/${job}/runs?limit=500`);
  }
}
