import { describe, expect, it } from 'vitest';
import type { DeploymentState, RealtimeStatus } from '../api/types.js';
import { realtimeActions, realtimePollMs } from './realtime-format.js';
import { planSql } from './ScriptPreview.js';

function status(state?: DeploymentState): RealtimeStatus {
  return {
    job: 'j',
    currentVersion: 1,
    deployment: state === undefined ? null : ({ state } as RealtimeStatus['deployment']),
    live: null,
  };
}

describe('realtimeActions', () => {
  it('offers start only to a job that holds no Flink job', () => {
    expect(realtimeActions(status())).toEqual({ start: true, stop: false, cancel: false, restart: false });
    expect(realtimeActions(status('stopped')).start).toBe(true);
    expect(realtimeActions(status('failed')).start).toBe(true);
    expect(realtimeActions(status('running')).start).toBe(false);
    expect(realtimeActions(status('lost')).start).toBe(false);
  });

  it('stops with a savepoint only a running job, and lets nothing interrupt a stop', () => {
    expect(realtimeActions(status('running'))).toEqual({
      start: false,
      stop: true,
      cancel: true,
      restart: true,
    });
    expect(realtimeActions(status('stopping'))).toEqual({
      start: false,
      stop: false,
      cancel: false,
      restart: false,
    });
    expect(realtimeActions(undefined).start).toBe(false);
  });

  it('polls quickly while a state is moving', () => {
    expect(realtimePollMs(status('starting'))).toBeLessThan(realtimePollMs(status('running')));
    expect(realtimePollMs(status('running'))).toBeLessThan(realtimePollMs(status('stopped')));
  });
});

describe('planSql', () => {
  it('reads CREATE TABLE and INSERT statements from a plan, ignoring what is not text', () => {
    const plan = {
      tables: [{ name: 'src', kind: 'source', ddl: 'CREATE TABLE `src` (...)' }, { name: 'bad' }],
      inserts: ['INSERT INTO `out` SELECT * FROM `v`', 42],
    };
    expect(planSql(plan)).toEqual({
      tables: [{ name: 'src', kind: 'source', ddl: 'CREATE TABLE `src` (...)' }],
      inserts: ['INSERT INTO `out` SELECT * FROM `v`'],
    });
    expect(planSql({})).toEqual({ tables: [], inserts: [] });
  });
});
