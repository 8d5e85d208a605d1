import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSubmittedJob } from './attach-by-name.js';
import { stateFromFlink } from './realtime-state.js';
import { chooseRestorePoint, type KnownRestorePoint, restorePointExists } from './restore-point.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s));
const points: KnownRestorePoint[] = [
  { path: 'file:/sp/savepoint-old', kind: 'savepoint', createdAt: at(1), jobVersion: 1 },
  { path: 'file:/cp/chk-9', kind: 'checkpoint', createdAt: at(30), jobVersion: 1 },
  { path: 'file:/sp/savepoint-new', kind: 'savepoint', createdAt: at(20), jobVersion: 2 },
];

describe('chooseRestorePoint', () => {
  const all = () => true;

  it('latest takes the newest of savepoints and retained checkpoints', () => {
    expect(chooseRestorePoint('latest', points, all)).toEqual({ ok: true, point: points[1] });
    expect(chooseRestorePoint('latest-checkpoint', points, all)).toEqual({ ok: true, point: points[1] });
  });

  it('latest-savepoint ignores checkpoints', () => {
    expect(chooseRestorePoint('latest-savepoint', points, all)).toEqual({ ok: true, point: points[2] });
  });

  it('skips points whose files are gone, and says none when nothing is left', () => {
    const exists = (p: string) => p !== 'file:/cp/chk-9';
    expect(chooseRestorePoint('latest', points, exists)).toEqual({ ok: true, point: points[2] });
    expect(chooseRestorePoint('latest', points, () => false)).toEqual({ ok: true, point: null });
    expect(chooseRestorePoint('none', points, all)).toEqual({ ok: true, point: null });
  });

  it('accepts an explicit path only from the list, and only while it exists', () => {
    expect(chooseRestorePoint({ path: 'file:/sp/savepoint-old' }, points, all)).toEqual({
      ok: true,
      point: points[0],
    });
    const unknown = chooseRestorePoint({ path: 'file:/etc' }, points, all);
    expect(unknown.ok === false && unknown.problem).toMatch(/not a savepoint or checkpoint of this job/);
    const gone = chooseRestorePoint({ path: 'file:/sp/savepoint-old' }, points, () => false);
    expect(gone.ok === false && gone.problem).toMatch(/no longer exists/);
  });
});

describe('restorePointExists', () => {
  const root = mkdtempSync(join(tmpdir(), 'sluice-restore-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('checks local savepoints for Flink’s _metadata, in both file: URL spellings', () => {
    const dir = join(root, 'savepoint-1');
    mkdirSync(dir);
    expect(restorePointExists(`file:${dir}`)).toBe(false);
    writeFileSync(join(dir, '_metadata'), 'x');
    expect(restorePointExists(`file:${dir}`)).toBe(true);
    expect(restorePointExists(`file://${dir}`)).toBe(true);
    expect(restorePointExists('s3://bucket/savepoint-1')).toBe(true);
  });
});

describe('findSubmittedJob', () => {
  const requested = new Date('2026-01-01T12:00:00Z');
  const job = (id: string, name: string, startSeconds: number) => ({
    id: id.repeat(32),
    name,
    state: 'RUNNING',
    startTime: requested.getTime() + startSeconds * 1_000,
    durationMs: 0,
    lastModification: 0,
  });

  it('finds the earliest unknown job with the pipeline name started after the request', () => {
    const jobs = [
      job('a', 'sluice/orders/v1', -3_600), // an old run of the same version
      { ...job('e', 'sluice/orders/v1', -5), endTime: requested.getTime() - 1 }, // ended before the request
      job('b', 'sluice/orders/v1', 20),
      job('c', 'sluice/orders/v1', 10),
      job('d', 'sluice/other/v1', 5),
    ];
    const d = { pipelineName: 'sluice/orders/v1', submitRequestedAt: requested };
    expect(findSubmittedJob(jobs, d, new Set())?.id).toBe('c'.repeat(32));
    expect(findSubmittedJob(jobs, d, new Set(['c'.repeat(32)]))?.id).toBe('b'.repeat(32));
    expect(findSubmittedJob(jobs, { ...d, pipelineName: 'sluice/none/v1' }, new Set())).toBeUndefined();
  });
});

describe('stateFromFlink', () => {
  it('maps Flink states, with the desired state telling stopped from finished', () => {
    expect(stateFromFlink('RUNNING', 'running', 'starting')).toBe('running');
    expect(stateFromFlink('INITIALIZING', 'running', 'restarting')).toBe('restarting');
    expect(stateFromFlink('CREATED', 'running', 'starting')).toBe('starting');
    expect(stateFromFlink('RESTARTING', 'running', 'running')).toBe('restarting');
    expect(stateFromFlink('FAILING', 'running', 'running')).toBe('failing');
    expect(stateFromFlink('FINISHED', 'running', 'running')).toBe('finished');
    expect(stateFromFlink('FINISHED', 'stopped', 'stopping')).toBe('stopped');
    expect(stateFromFlink('CANCELED', 'running', 'running')).toBe('cancelled');
    expect(stateFromFlink('RUNNING', 'cancelled', 'cancelling')).toBe('cancelling');
    expect(stateFromFlink('SOMETHING_NEW', 'running', 'running')).toBe('running');
  });
});
