import type { RunStatus } from '@sluice/api-contract';

// The statuses and triggers are part of what the API sends: `@sluice/api-contract` declares them.
export { RUN_STATUSES, RUN_TRIGGERS, type RunStatus, type RunTrigger } from '@sluice/api-contract';

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
