import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { repoRoot, stack } from '../../stack/stack-env.js';

const REGISTER = resolve(repoRoot, 'apps/api/test/scheduled/support/register-swc.mjs');
const MAIN = resolve(repoRoot, 'apps/api/src/main.ts');

export interface ApiProcessOptions {
  /** Database (must exist; the API migrates it on start). */
  database: string;
  /** BullMQ prefix shared by the processes of one test. */
  queuePrefix: string;
  dataDir: string;
  secretKeyHex: string;
  worker?: boolean;
  runConcurrency?: number;
  extraEnv?: Record<string, string>;
}

/**
 * A real API process (`node apps/api/src/main.ts` through SWC, see swc-hooks.mjs) on a free port,
 * configured for one test: its own database and queue prefix. Its stdout and stderr are kept, so
 * tests can check what it logged (e.g. that no secret appears). Several can run side by side,
 * and `kill('SIGKILL')` makes a worker die mid-run.
 */
export class ApiProcess {
  readonly output: string[] = [];
  baseUrl = '';
  private child: ChildProcess | undefined;
  private exited: Promise<unknown> | undefined;

  constructor(
    readonly name: string,
    private readonly options: ApiProcessOptions,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get logText(): string {
    return this.output.join('');
  }

  async start(timeoutMs = 60_000): Promise<this> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      REDIS_URL: stack.redisUrl,
      MYSQL_URL: `${stack.mysqlUrl.replace(/\/[^/]*$/, '')}/${this.options.database}`,
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      FLINK_REST_URL: stack.flinkRestUrl,
      SLUICE_DATA_DIR: this.options.dataDir,
      SLUICE_SECRET_KEY: this.options.secretKeyHex,
      SLUICE_QUEUE_PREFIX: this.options.queuePrefix,
      SLUICE_WORKER: String(this.options.worker ?? true),
      SLUICE_WORKER_CONCURRENCY: String(this.options.runConcurrency ?? 2),
      ...this.options.extraEnv,
    };
    const child = spawn(process.execPath, ['--conditions=@sluice/source', '--import', REGISTER, MAIN], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = once(child, 'exit');
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => this.output.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => this.output.push(chunk));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = /Sluice API listening on (http:\/\/[^\s"]+)\/api/.exec(this.logText);
      if (match) {
        this.baseUrl = `${match[1]}/api`;
        return this;
      }
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const tail = this.logText.split('\n').slice(-20).join('\n');
    await this.stop();
    throw new Error(`API process ${this.name} did not start within ${timeoutMs} ms; last output:\n${tail}`);
  }

  /** Graceful stop (SIGTERM: Nest shutdown hooks run), or a crash with SIGKILL. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** JSON request against this process; throws with the body on unexpected statuses. */
  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    expect: number | number[] = [200, 201, 202, 204],
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const allowed = Array.isArray(expect) ? expect : [expect];
    if (!allowed.includes(response.status)) {
      throw new Error(
        `${method} ${path} answered ${response.status} (expected ${allowed.join('/')}): ${text.slice(0, 2000)}`,
      );
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** The raw response text too, for checks over everything the API sent. */
  async raw(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }
}
