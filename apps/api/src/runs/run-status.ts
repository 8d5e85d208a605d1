/**
 * Run lifecycle. `INIT` (row written, not yet on the queue) -> `QUEUED` (on the queue, waiting
 * for a worker and a concurrency slot) -> `RUNNING` -> one terminal status. `SKIPPED` is a tick
 * that did not run because of the overlap policy.
 */
export const RUN_STATUSES = [
  'INIT',
  'QUEUED',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMEOUT',
  'CANCELLED',
  'SKIPPED',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const TERMINAL_STATUSES: readonly RunStatus[] = [
  'SUCCEEDED',
  'FAILED',
  'TIMEOUT',
  'CANCELLED',
  'SKIPPED',
];
/** Runs that hold or wait for a slot of their job's concurrency. */
export const ACTIVE_STATUSES: readonly RunStatus[] = ['INIT', 'QUEUED', 'RUNNING'];
export const WAITING_STATUSES: readonly RunStatus[] = ['INIT', 'QUEUED'];

export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

export const RUN_TRIGGERS = ['schedule', 'manual', 'catch-up', 'retry'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/**
 * The SREWorks job platform's task-instance status for each run status, for import/export and
 * for users who know the seed's vocabulary. A failed run whose retry is queued shows as
 * `WAIT_RETRY` there; here that is a FAILED run followed by a `retry` run in INIT/QUEUED.
 */
export const SEED_STATUS: Readonly<Record<RunStatus, string>> = {
  INIT: 'INIT',
  QUEUED: 'INIT',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'SUCCESS',
  FAILED: 'EXCEPTION',
  TIMEOUT: 'TIMEOUT',
  CANCELLED: 'CANCELLED',
  SKIPPED: 'STOPPED',
};
