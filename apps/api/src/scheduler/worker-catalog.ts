import { z } from 'zod';

/**
 * Every BullMQ job Sluice enqueues: its name, the queue it goes to, and the schema of its payload.
 * Payloads are validated when enqueued and again when processed, so a job written by an older or
 * newer process (rolling deploy) fails loudly instead of being misread.
 *
 * Payloads carry ids only; the database holds the state (a run row, an environment row), so a
 * payload never contains a secret.
 */
export const WORKER_CATALOG = {
  /** A cron tick of one job, created by that job's BullMQ job scheduler. */
  'dag.tick': {
    queue: 'dag-ticks',
    schema: z.strictObject({ jobId: z.int().positive() }),
  },
  /** Execute one run (a row in `runs`) of a job version. */
  'dag.run': {
    queue: 'dag-runs',
    schema: z.strictObject({ runId: z.int().positive() }),
  },
  /** Build (or rebuild) one environment's Python venv. */
  'env.build': {
    queue: 'env-builds',
    schema: z.strictObject({ environmentId: z.int().positive(), buildNumber: z.int().positive() }),
  },
  /**
   * Submit submission number `seq` of a real-time deployment to Flink (`flink run`); a payload
   * whose `seq` is no longer the deployment's is ignored (see apps/api/src/realtime).
   */
  'flink.submit': {
    queue: 'flink-submits',
    schema: z.strictObject({ deploymentId: z.int().positive(), seq: z.int().positive() }),
  },
} as const;

export type WorkerJobName = keyof typeof WORKER_CATALOG;
export type WorkerPayload<N extends WorkerJobName> = z.infer<(typeof WORKER_CATALOG)[N]['schema']>;
export type QueueName = (typeof WORKER_CATALOG)[WorkerJobName]['queue'];

export const QUEUE_NAMES: readonly QueueName[] = [
  ...new Set(Object.values(WORKER_CATALOG).map((entry) => entry.queue)),
];

/** A payload does not match the catalog: a bug or a process of another version. */
export class PayloadError extends Error {
  constructor(name: string, issues: readonly z.core.$ZodIssue[]) {
    super(
      `invalid payload for ${name}: ${issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
    this.name = 'PayloadError';
  }
}

/**
 * Checks a payload against the catalog.
 *
 * @example
 * parsePayload('dag.run', { runId: 42 }); // { runId: 42 }
 * parsePayload('dag.run', { runId: 'x' }); // throws PayloadError
 */
export function parsePayload<N extends WorkerJobName>(name: N, data: unknown): WorkerPayload<N> {
  const entry = WORKER_CATALOG[name];
  const result = entry.schema.safeParse(data);
  if (!result.success) throw new PayloadError(name, result.error.issues);
  return result.data as WorkerPayload<N>;
}

export function isWorkerJobName(name: string): name is WorkerJobName {
  return Object.hasOwn(WORKER_CATALOG, name);
}
