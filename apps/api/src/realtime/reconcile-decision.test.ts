import { describe, expect, it } from 'vitest';
import {
  type DeploymentSnapshot,
  decide,
  restartDelayMs,
  STABLE_RUN_MS,
  VANISHED,
} from './reconcile-decision.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const JOB = 'a'.repeat(32);

function dep(overrides: Partial<DeploymentSnapshot> = {}): DeploymentSnapshot {
  return {
    state: 'running',
    desired: 'running',
    flinkJobId: JOB,
    flinkState: 'RUNNING',
    lostSince: null,
    nextRestartAt: null,
    runningSince: new Date(NOW.getTime() - 60_000),
    autoRestart: { enabled: false, maxAttempts: 3, initialDelayMs: 10_000, maxDelayMs: 300_000 },
    autoRestartAttempts: 0,
    ...overrides,
  };
}

describe('decide', () => {
  it('changes nothing for a job that keeps running', () => {
    const d = decide(dep(), { kind: 'job', state: 'RUNNING' }, NOW);
    expect(d.patch).toEqual({ observedAt: NOW });
    expect(d.events).toEqual([]);
    expect(d.needsCheckpoints || d.needsExceptions || d.restartDue).toBe(false);
  });

  it('moves a starting job to running and remembers since when', () => {
    const d = decide(
      dep({ state: 'starting', flinkState: 'INITIALIZING', runningSince: null }),
      { kind: 'job', state: 'RUNNING' },
      NOW,
    );
    expect(d.patch).toMatchObject({ state: 'running', flinkState: 'RUNNING', runningSince: NOW });
    expect(d.events).toEqual([
      { type: 'state', from: 'starting', to: 'running', message: 'Flink reports RUNNING' },
    ]);
  });

  it('says a job cancelled behind Sluice’s back is cancelled, and records its checkpoints', () => {
    const d = decide(dep(), { kind: 'job', state: 'CANCELED' }, NOW);
    expect(d.patch).toMatchObject({
      state: 'cancelled',
      flinkState: 'CANCELED',
      endedAt: NOW,
      runningSince: null,
    });
    expect(d.events[0]?.message).toMatch(/cancelled outside Sluice/);
    expect(d.needsCheckpoints).toBe(true);
    expect(d.needsExceptions).toBe(false);
  });

  it('fails a FAILED job, asking for its exceptions, and ends it without auto-restart', () => {
    const d = decide(dep(), { kind: 'job', state: 'FAILED' }, NOW);
    expect(d.patch).toMatchObject({ state: 'failed', endedAt: NOW });
    expect(d.needsExceptions).toBe(true);
    expect(d.needsCheckpoints).toBe(true);
  });

  it('schedules an automatic restart with exponential backoff while attempts are left', () => {
    const autoRestart = { enabled: true, maxAttempts: 3, initialDelayMs: 1_000, maxDelayMs: 60_000 };
    const d = decide(dep({ autoRestart, autoRestartAttempts: 2 }), { kind: 'job', state: 'FAILED' }, NOW);
    expect(d.patch.state).toBe('restarting');
    expect(d.patch.nextRestartAt).toEqual(new Date(NOW.getTime() + 4_000));
    expect(d.patch.endedAt).toBeUndefined();
    expect(d.events.map((e) => e.type)).toEqual(['state', 'restart-scheduled']);
    expect(d.events[1]?.message).toMatch(/automatic restart 3 of 3 in 4 s/);
  });

  it('gives up after maxAttempts automatic restarts', () => {
    const autoRestart = { enabled: true, maxAttempts: 2, initialDelayMs: 1_000, maxDelayMs: 60_000 };
    const d = decide(dep({ autoRestart, autoRestartAttempts: 2 }), { kind: 'job', state: 'FAILED' }, NOW);
    expect(d.patch).toMatchObject({ state: 'failed', endedAt: NOW });
    expect(d.events.map((e) => e.type)).toEqual(['state', 'restart-limit']);
  });

  it('does not restart a job the user stopped or cancelled', () => {
    const autoRestart = { enabled: true, maxAttempts: 3, initialDelayMs: 1_000, maxDelayMs: 60_000 };
    const d = decide(
      dep({ autoRestart, desired: 'cancelled', state: 'cancelling' }),
      { kind: 'job', state: 'FAILED' },
      NOW,
    );
    expect(d.patch.state).toBe('failed');
    expect(d.patch.nextRestartAt).toBeUndefined();
  });

  it('only waits for a scheduled restart, and fires it when due and the cluster answers', () => {
    const waiting = dep({ state: 'restarting', nextRestartAt: new Date(NOW.getTime() + 1_000) });
    expect(decide(waiting, { kind: 'job', state: 'FAILED' }, NOW)).toMatchObject({
      patch: {},
      restartDue: false,
    });
    const due = dep({ state: 'restarting', nextRestartAt: new Date(NOW.getTime() - 1) });
    expect(decide(due, { kind: 'job', state: 'FAILED' }, NOW).restartDue).toBe(true);
    expect(decide(due, { kind: 'unreachable', reason: 'x' }, NOW).restartDue).toBe(false);
  });

  it('marks an unanswered cluster lost once, keeping the job id', () => {
    const d = decide(dep(), { kind: 'unreachable', reason: 'ECONNREFUSED' }, NOW);
    expect(d.patch).toEqual({ state: 'lost', lostSince: NOW });
    expect(d.events[0]).toMatchObject({ type: 'lost', from: 'running', to: 'lost' });
    expect(d.events[0]?.message).toContain(JOB);
    const again = decide(dep({ state: 'lost', lostSince: NOW }), { kind: 'unreachable', reason: 'x' }, NOW);
    expect(again.patch).toEqual({});
    expect(again.events).toEqual([]);
  });

  it('re-attaches a lost job to the state the cluster reports', () => {
    const lost = dep({ state: 'lost', lostSince: new Date(NOW.getTime() - 20_000) });
    const d = decide(lost, { kind: 'job', state: 'RUNNING' }, NOW);
    expect(d.patch).toMatchObject({ state: 'running', lostSince: null, observedAt: NOW });
    expect(d.events).toEqual([
      {
        type: 're-attached',
        from: 'lost',
        to: 'running',
        message: `re-attached to Flink job ${JOB}, which is RUNNING`,
      },
    ]);
    const failedMeanwhile = decide(lost, { kind: 'job', state: 'FAILED' }, NOW);
    expect(failedMeanwhile.patch.state).toBe('failed');
    expect(failedMeanwhile.needsExceptions).toBe(true);
  });

  it('treats a job the cluster no longer knows as lost (vanished), once', () => {
    const d = decide(dep(), { kind: 'missing' }, NOW);
    expect(d.patch).toMatchObject({ state: 'lost', flinkState: VANISHED, endedAt: NOW });
    expect(d.events[0]?.message).toMatch(/no longer knows/);
    const again = decide(dep({ state: 'lost', flinkState: VANISHED }), { kind: 'missing' }, NOW);
    expect(again.events).toEqual([]);
  });

  it('maps a stop with savepoint to stopping, then stopped', () => {
    expect(decide(dep({ desired: 'stopped' }), { kind: 'job', state: 'RUNNING' }, NOW).patch.state).toBe(
      'stopping',
    );
    const d = decide(dep({ desired: 'stopped', state: 'stopping' }), { kind: 'job', state: 'FINISHED' }, NOW);
    expect(d.patch).toMatchObject({ state: 'stopped', endedAt: NOW });
  });

  it('resets the automatic restart count after a stable run', () => {
    const stable = dep({ autoRestartAttempts: 2, runningSince: new Date(NOW.getTime() - STABLE_RUN_MS) });
    expect(decide(stable, { kind: 'job', state: 'RUNNING' }, NOW).patch.autoRestartAttempts).toBe(0);
    const young = dep({ autoRestartAttempts: 2, runningSince: new Date(NOW.getTime() - 1_000) });
    expect(decide(young, { kind: 'job', state: 'RUNNING' }, NOW).patch.autoRestartAttempts).toBeUndefined();
  });
});

describe('restartDelayMs', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    const s = { enabled: true, maxAttempts: 10, initialDelayMs: 10_000, maxDelayMs: 60_000 };
    expect([0, 1, 2, 3, 50].map((a) => restartDelayMs(s, a))).toEqual([
      10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
  });
});
