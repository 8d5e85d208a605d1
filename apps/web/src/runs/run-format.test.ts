import { describe, expect, it } from 'vitest';
import type { NodeRun } from '../api/types.js';
import { isActive, runProgress, triggerLabel } from './run-format.js';

function node(kind: NodeRun['kind'], status: NodeRun['status'], recordsOut = 0): NodeRun {
  return {
    nodeId: kind,
    name: kind,
    kind,
    status,
    recordsIn: 0,
    recordsOut,
    batchesIn: 0,
    batchesOut: 0,
    busyMs: 0,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
  };
}

describe('runProgress', () => {
  it('is the share of finished nodes while running, with the records written so far', () => {
    const p = runProgress({
      status: 'RUNNING',
      nodes: [node('source', 'succeeded', 100), node('python', 'running'), node('sink', 'running', 40)],
    });
    expect(p).toEqual({ done: 1, total: 3, percent: 33, written: 40 });
  });

  it('is unknown while queued and complete once ended', () => {
    expect(runProgress({ status: 'QUEUED', nodes: [] }).percent).toBeUndefined();
    expect(runProgress({ status: 'FAILED', nodes: [node('source', 'failed')] }).percent).toBe(100);
  });
});

describe('run labels', () => {
  it('knows which statuses are still going', () => {
    expect(isActive('RUNNING')).toBe(true);
    expect(isActive('SKIPPED')).toBe(false);
  });

  it('names retries with their attempt', () => {
    expect(triggerLabel({ trigger: 'retry', attempt: 3 })).toBe('Retry (attempt 3)');
    expect(triggerLabel({ trigger: 'manual', attempt: 1 })).toBe('Run now');
  });
});
