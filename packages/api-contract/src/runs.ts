import type { NodeKind } from '@sluice/dag';

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

export const RUN_TRIGGERS = ['schedule', 'manual', 'catch-up', 'retry'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const NODE_RUN_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type NodeRunStatus = (typeof NODE_RUN_STATUSES)[number];

// Node kinds are the DAG model's; re-exported so the API's enums and the web read one list.
export { NODE_KINDS, type NodeKind } from '@sluice/dag';

/** One node of a run: its records and batches in and out. */
export interface NodeRun<At = string> {
  nodeId: string;
  name: string;
  kind: NodeKind;
  status: NodeRunStatus;
  recordsIn: number;
  /** For sinks: records written. */
  recordsOut: number;
  batchesIn: number;
  batchesOut: number;
  busyMs: number;
  startedAt: At | null;
  finishedAt: At | null;
  durationMs: number | null;
}

export interface Run<At = string> {
  id: number;
  jobId: number;
  jobName: string | null;
  version: number;
  trigger: RunTrigger;
  /** The cron tick (schedule, catch-up and their retries). */
  scheduledFor: At | null;
  attempt: number;
  /** First run of the retry chain. */
  retryOf: number | null;
  status: RunStatus;
  /** The same status in the SREWorks job platform's vocabulary. */
  seedStatus: string;
  /** Parameter values of the run; secret ones are shown as `***`. */
  params: Record<string, unknown>;
  error: string | null;
  errorNode: string | null;
  cancelRequested: boolean;
  worker: string | null;
  createdAt: At;
  startedAt: At | null;
  finishedAt: At | null;
  /** Time between the tick (or the request) and the start. */
  waitMs: number | null;
  durationMs: number | null;
  logLines: number;
  logDropped: number;
  /** Present on single runs and lists; absent on a job's `lastRun`. */
  nodes?: NodeRun<At>[];
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_STREAMS = ['runner', 'stdout', 'stderr', 'log', 'print'] as const;
export type LogStream = (typeof LOG_STREAMS)[number];

/** A run log line, in a `LogPage` and as the `line` event of the live log stream. */
export interface LogLine<At = string> {
  seq: number;
  at: At;
  level: LogLevel;
  stream: LogStream;
  /** Node name the line is about, or null for the runner's own lines. */
  node: string | null;
  message: string;
  traceback: string | null;
}

export interface LogPage<At = string> {
  lines: LogLine<At>[];
  /** The `after` to ask for the next page with. */
  nextAfter: number;
}
