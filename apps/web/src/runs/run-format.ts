/** How runs read on every page: status tones and words, whether a run is still going, its progress. */
import type { NodeRun, Run, RunStatus, RunTrigger } from '../api/types.js';
import type { BadgeTone } from '../ui/StatusBadge.js';

const TONE: Record<RunStatus, BadgeTone> = {
  INIT: 'unknown',
  QUEUED: 'unknown',
  RUNNING: 'run',
  SUCCEEDED: 'up',
  FAILED: 'down',
  TIMEOUT: 'down',
  CANCELLED: 'warn',
  SKIPPED: 'unknown',
};

const LABEL: Record<RunStatus, string> = {
  INIT: 'Created',
  QUEUED: 'Queued',
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  TIMEOUT: 'Timed out',
  CANCELLED: 'Cancelled',
  SKIPPED: 'Skipped',
};

export function runTone(status: RunStatus): BadgeTone {
  return TONE[status];
}

export function runLabel(status: RunStatus): string {
  return LABEL[status];
}

/** The run has not ended: it may still change, so pages keep polling it. */
export function isActive(status: RunStatus): boolean {
  return status === 'INIT' || status === 'QUEUED' || status === 'RUNNING';
}

const TRIGGER: Record<RunTrigger, string> = {
  schedule: 'Schedule',
  manual: 'Run now',
  'catch-up': 'Catch-up',
  retry: 'Retry',
};

export function triggerLabel(run: Pick<Run, 'trigger' | 'attempt'>): string {
  return run.trigger === 'retry' ? `Retry (attempt ${run.attempt})` : TRIGGER[run.trigger];
}

export interface RunProgress {
  /** Nodes that finished (succeeded, failed or cancelled). */
  done: number;
  total: number;
  /** 0-100 by finished nodes; undefined while nothing is known. */
  percent?: number;
  /** Records written by all sinks so far. */
  written: number;
}

/**
 * Progress of a run by its nodes: a run streams records through every node at once, so the share
 * of finished nodes (and the records written so far) is the honest measure; a finished run is 100.
 *
 * @example
 * runProgress({ status: 'RUNNING', nodes: [source done, python running, sink running] }); // { done: 1, total: 3, percent: 33, ... }
 */
export function runProgress(run: Pick<Run, 'status' | 'nodes'>): RunProgress {
  const nodes: NodeRun[] = run.nodes ?? [];
  const done = nodes.filter(
    (n) => n.status === 'succeeded' || n.status === 'failed' || n.status === 'cancelled',
  ).length;
  const written = nodes.filter((n) => n.kind === 'sink').reduce((sum, n) => sum + n.recordsOut, 0);
  const total = nodes.length;
  if (!isActive(run.status)) return { done, total, percent: 100, written };
  if (run.status !== 'RUNNING' || total === 0) return { done, total, written };
  return { done, total, percent: Math.round((done / total) * 100), written };
}
