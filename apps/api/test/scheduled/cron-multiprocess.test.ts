import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProcess } from './support/api-process.js';
import { type RunJson, ScheduledWorld } from './support/fixtures.js';
import { DB_PASSWORD, datagenPythonPrint, jdbcPythonJdbc } from './support/jobs.js';

const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const byTick = (runs: RunJson[]) => {
  const ticks = new Map<string, RunJson[]>();
  for (const run of runs) {
    if (!run.scheduledFor) continue;
    ticks.set(run.scheduledFor, [...(ticks.get(run.scheduledFor) ?? []), run]);
  }
  return ticks;
};

/**
 * The scheduler on real time and real processes: two API processes (both scheduling and running
 * workers) share one database and one Redis prefix. Cron `* * * * *` is the finest schedule
 * Sluice accepts (the DAG model refuses 6-field seconds patterns), so this file waits for real
 * minutes: about 5 minutes in all.
 */
describe('cron scheduling across processes (two API processes, real MariaDB, Redis)', () => {
  const world = new ScheduledWorld();
  let a: ApiProcess;
  let b: ApiProcess;
  const job = 'every-minute';

  beforeAll(async () => {
    await world.open();
    await world.db.query('CREATE TABLE readings (id BIGINT PRIMARY KEY, sensor VARCHAR(32), celsius DOUBLE)');
    await world.db.query(
      'CREATE TABLE readings_f (id BIGINT PRIMARY KEY, sensor VARCHAR(32), fahrenheit DOUBLE)',
    );
    await world.db.query("INSERT INTO readings VALUES (1, 'a', 0), (2, 'b', 100), (3, 'broken', 5)");
    [a, b] = await Promise.all([world.api('a'), world.api('b')]);
    await world.environmentReady(a);
  }, 180_000);

  afterAll(() => world.close());

  it(
    'fires every minute on the minute; each tick gives exactly one run, whichever process takes it',
    async () => {
      await a.request(
        'POST',
        '/v1/jobs',
        jdbcPythonJdbc({
          name: job,
          database: world.database,
          source: 'readings',
          sink: 'readings_f',
          schedule: { cron: '* * * * *', enabled: true, catchUp: 'latest' },
        }),
      );
      // Registered from the other process too: idempotent, still one scheduler.
      await b.request('PUT', `/v1/jobs/${job}/secrets`, { values: { db_password: DB_PASSWORD } });
      // Two slow jobs (each run outlasts a minute) show the overlap policies: skip and queue.
      const slow = 'import time\n\ndef process(r, ctx):\n    time.sleep(70)\n    return r\n';
      for (const overlap of ['skip', 'queue'] as const) {
        await b.request(
          'POST',
          '/v1/jobs',
          datagenPythonPrint({
            name: `slow-${overlap}`,
            code: slow,
            rows: 1,
            schedule: { cron: '* * * * *', enabled: true, overlap, timeoutMs: 300_000 },
          }),
        );
      }

      const runs = await world.pollRuns(
        b,
        job,
        (all) => all.filter((r) => r.status === 'SUCCEEDED').length >= 2,
        3 * MINUTE,
      );
      const ticks = byTick(runs);
      for (const [tick, tickRuns] of ticks) {
        expect(tickRuns, `tick ${tick}`).toHaveLength(1);
        expect(new Date(tick).getUTCSeconds()).toBe(0);
        expect(new Date(tick).getUTCMilliseconds()).toBe(0);
      }
      const done = runs.filter((r) => r.status === 'SUCCEEDED');
      for (const run of done) {
        expect(run.trigger).toBe('schedule');
        // Fired on the minute: recorded and started within a few seconds of the tick.
        expect(Date.parse(run.createdAt) - Date.parse(run.scheduledFor!)).toBeLessThan(2_000);
        expect(Date.parse(run.startedAt!) - Date.parse(run.scheduledFor!)).toBeLessThan(5_000);
      }
      const full = await a.request<RunJson>('GET', `/v1/runs/${done[0]!.id}`);
      const nodes = Object.fromEntries(full.nodes!.map((n) => [n.nodeId, n]));
      expect(nodes.src).toMatchObject({ recordsOut: 3 });
      expect(nodes.step).toMatchObject({ recordsIn: 3, recordsOut: 2 });
      expect(nodes.out).toMatchObject({ recordsIn: 2, status: 'succeeded' });
      const lines = await world.logs(a, full.id);
      expect(lines.some((l) => l.node === 'convert' && l.message === 'converted reading 2')).toBe(true);
      const [rows] = await world.db.query('SELECT id, fahrenheit FROM readings_f ORDER BY id');
      expect(rows).toEqual([
        { id: 1, fahrenheit: 32 },
        { id: 2, fahrenheit: 212 },
      ]);
      // overlap skip: the tick that came while the slow run was going is recorded as SKIPPED.
      const skip = await world.pollRuns(
        a,
        'slow-skip',
        (all) => all.some((r) => r.status === 'SKIPPED'),
        2 * MINUTE,
      );
      const skipped = skip.find((r) => r.status === 'SKIPPED')!;
      const blocking = skip.find((r) => r.status === 'RUNNING' || r.status === 'SUCCEEDED')!;
      expect(skipped.error).toBe(`skipped: run ${blocking.id} (RUNNING) still going and overlap is skip`);
      expect(Date.parse(skipped.scheduledFor!)).toBe(Date.parse(blocking.scheduledFor!) + MINUTE);
      // overlap queue: that tick's run waits, and starts once the slow one ended.
      const queue = await world.pollRuns(
        a,
        'slow-queue',
        (all) => all.filter((r) => r.startedAt).length >= 2,
        2 * MINUTE,
      );
      const [firstSlow, secondSlow] = [...queue].sort((x, y) => x.id - y.id);
      expect(Date.parse(secondSlow!.scheduledFor!)).toBe(Date.parse(firstSlow!.scheduledFor!) + MINUTE);
      expect(Date.parse(secondSlow!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(firstSlow!.finishedAt!));
      for (const name of ['slow-skip', 'slow-queue']) await a.request('POST', `/v1/jobs/${name}/disable`);

      // The database agrees: never two runs for one tick.
      const [dupes] = await world.db.query(
        'SELECT scheduled_for, COUNT(*) AS n FROM runs WHERE scheduled_for IS NOT NULL GROUP BY job_id, scheduled_for HAVING n > 1',
      );
      expect(dupes).toEqual([]);
    },
    4 * MINUTE,
  );

  it(
    'after downtime over a tick, a restart with catch-up latest records exactly one catch-up run',
    async () => {
      // Stop both processes just after a tick's run ended, so that nothing is in flight.
      const before = await world.pollRuns(
        a,
        job,
        (all) => all.length > 0 && all.every((r) => ['SUCCEEDED', 'FAILED', 'SKIPPED'].includes(r.status)),
        MINUTE,
      );
      const lastTick = Math.max(...before.map((r) => Date.parse(r.scheduledFor!)));
      await Promise.all([a.stop(), b.stop()]);
      const missed = lastTick + MINUTE;
      // Past the missed tick and its 30 s misfire grace (and before the tick after it): 35-95 s.
      await sleep(missed + 35_000 - Date.now());
      const restartedAt = Date.now();

      [a, b] = await Promise.all([world.api('a2'), world.api('b2')]);
      const runs = await world.pollRuns(
        a,
        job,
        (all) => all.some((r) => r.trigger === 'catch-up' && r.status === 'SUCCEEDED'),
        MINUTE,
      );
      await sleep(3_000); // both processes have had time to catch up (and to collide)
      const after = (await world.runs(a, job)).filter(
        (r) => Date.parse(r.scheduledFor!) > lastTick && Date.parse(r.createdAt) >= restartedAt - 1_000,
      );
      const catchUps = after.filter((r) => r.trigger === 'catch-up');
      expect(catchUps).toHaveLength(1);
      expect(Date.parse(catchUps[0]!.scheduledFor!)).toBe(missed);
      expect(after.filter((r) => Date.parse(r.scheduledFor!) === missed)).toHaveLength(1);
      expect(runs.length).toBeGreaterThan(before.length);

      // The schedule goes on: the next tick is an ordinary scheduled run.
      const next = missed + MINUTE;
      const resumed = await world.pollRuns(
        a,
        job,
        (all) => all.some((r) => Date.parse(r.scheduledFor!) === next && r.status === 'SUCCEEDED'),
        2 * MINUTE,
      );
      expect(resumed.filter((r) => Date.parse(r.scheduledFor!) === next).map((r) => r.trigger)).toEqual([
        'schedule',
      ]);
    },
    4 * MINUTE,
  );

  it(
    'a worker killed mid-run: its run fails as "worker lost" and the retry succeeds elsewhere; nothing stays RUNNING',
    async () => {
      await a.request('POST', `/v1/jobs/${job}/disable`);
      const marker = join(tmpdir(), `sluice-killed-${randomBytes(4).toString('hex')}`);
      // The first attempt marks the file and hangs; the retry finds the mark and finishes at once.
      const code = `import os, time\n\ndef process(r, ctx):\n    if not os.path.exists(${JSON.stringify(marker)}):\n        open(${JSON.stringify(marker)}, "w").close()\n        time.sleep(120)\n    return r\n`;
      await a.request(
        'POST',
        '/v1/jobs',
        datagenPythonPrint({
          name: 'killed',
          code,
          rows: 1,
          schedule: { retries: { attempts: 1, backoff: { type: 'fixed', delayMs: 0 } }, timeoutMs: 300_000 },
        }),
      );
      const started = await a.request<RunJson>('POST', '/v1/jobs/killed/runs', {});
      const running = await world.pollRun(
        a,
        started.id,
        (r) => r.status === 'RUNNING' && existsSync(marker),
        30_000,
      );
      const victim = [a, b].find((p) => running.worker?.endsWith(`:${p.pid}`));
      expect(victim, `worker ${running.worker}`).toBeDefined();
      const survivor = victim === a ? b : a;
      await victim!.stop('SIGKILL');

      // BullMQ notices the lost lock (stalled-job check, ~30 s) and hands the job to the survivor,
      // which fails the run as "worker lost" and queues the retry.
      const runs = await world.pollRuns(
        survivor,
        'killed',
        (all) => all.some((r) => r.attempt === 2 && r.status === 'SUCCEEDED'),
        3 * MINUTE,
      );
      const first = runs.find((r) => r.id === started.id)!;
      expect(first.status).toBe('FAILED');
      expect(first.error).toMatch(/^worker lost: /);
      expect(runs.find((r) => r.attempt === 2)).toMatchObject({
        trigger: 'retry',
        retryOf: started.id,
        status: 'SUCCEEDED',
      });
      expect(runs.filter((r) => r.status === 'RUNNING')).toEqual([]);
      rmSync(marker, { force: true });
    },
    4 * MINUTE,
  );
});
