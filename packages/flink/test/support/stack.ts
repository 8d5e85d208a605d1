import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the integration tests find the local stack (`infra/up.sh`): the same env vars the API
 * reads, with the stack's defaults. Tests may read process.env; package code gets config passed.
 */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export const stack = {
  flinkRestUrl: (process.env.FLINK_REST_URL ?? 'http://127.0.0.1:8081').replace(/\/+$/, ''),
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
  mysql: {
    host: process.env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(process.env.MYSQL_PORT ?? 3306),
    user: process.env.MYSQL_USER ?? 'sluice',
    password: process.env.MYSQL_PASSWORD ?? 'sluice',
  },
  /** The venv infra/install.sh builds: apache-flink matching the cluster. */
  python: process.env.SLUICE_FLINK_PYTHON ?? resolve(repoRoot, '.data/flink-venv/bin/python'),
  flinkLogDir: process.env.FLINK_LOG_DIR ?? resolve(repoRoot, '.data/flink/log'),
};

/** A name no concurrent test run picks: `<prefix>_<time>_<random>`, valid for SQL, topics and jobs. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/**
 * Polls `probe` until it returns something other than `undefined`; fails after `timeoutMs` saying
 * what it waited for and the last value or error seen. `stopOn` ends the wait early (e.g. a job
 * that failed while we waited for rows).
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 120_000, intervalMs = 500 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = undefined;
    } catch (error) {
      if ((error as { stopPolling?: boolean }).stopPolling) throw error;
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `; last error: ${String(last)}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** An error that makes {@link pollUntil} give up at once. */
export function stopPolling(message: string): Error {
  return Object.assign(new Error(message), { stopPolling: true });
}
