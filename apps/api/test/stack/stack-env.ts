import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the stack integration tests find the services: the same env vars the API reads, with the
 * defaults `infra/up.sh` listens on. Tests may read process.env; app code gets config injected.
 */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export const stack = {
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  mysqlUrl: process.env.MYSQL_URL ?? 'mysql://sluice:sluice@127.0.0.1:3306/sluice',
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
  flinkRestUrl: (process.env.FLINK_REST_URL ?? 'http://127.0.0.1:8081').replace(/\/+$/, ''),
  /** Flink CLI of the venv infra/install.sh builds (a wrapper that pins JAVA_HOME/FLINK_HOME). */
  flinkCli:
    process.env.SLUICE_FLINK_CLI ??
    resolve(process.env.SLUICE_DATA_DIR ?? resolve(repoRoot, '.data'), 'flink-venv/bin/flink'),
  smokeDir: resolve(repoRoot, 'infra/smoke'),
};

/** A name no concurrent test run will pick: `<prefix>_<time>_<random>`, safe for SQL and topics. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/**
 * Polls `probe` until it returns a value other than `undefined`, or fails after `timeoutMs` with
 * `what` and the last error/value seen, so a timeout says what was being waited for. An error for
 * which `stopOn` returns true ends the wait at once (e.g. a job that already failed).
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  {
    timeoutMs = 60_000,
    intervalMs = 500,
    stopOn = () => false,
  }: { timeoutMs?: number; intervalMs?: number; stopOn?: (error: unknown) => boolean } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (stopOn(error)) throw error;
      last = error;
    }
    if (Date.now() >= deadline) {
      const detail = last instanceof Error ? last.message : last === undefined ? 'no answer' : String(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${detail})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Fails fast with the fix when the local Flink venv (and its CLI) was never installed. */
export function requireFlinkCli(): string {
  if (!existsSync(stack.flinkCli)) {
    throw new Error(`Flink CLI not found at ${stack.flinkCli}; run \`bash infra/up.sh\` first`);
  }
  return stack.flinkCli;
}
