import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProcess } from '../scheduled/support/api-process.js';
import { datagenPythonBlackhole } from './support/jobs.js';
import { flink, pollUntil, RealtimeWorld, SLOW, type StatusJson } from './support/realtime-world.js';

const suffix = () => randomBytes(3).toString('hex');

/** Whether `wanted` occurs in `seen` in this order (other entries may come between). */
function inOrder(seen: readonly string[], wanted: readonly string[]): boolean {
  let at = 0;
  for (const item of seen) if (item === wanted[at]) at++;
  return at === wanted.length;
}

/**
 * What the reconciler keeps true when things go wrong, on the real cluster: a python step that
 * raises (failed, with the Python traceback, after one automatic restart), a job cancelled behind
 * Sluice's back (cancelled within 10 s), a submission whose answer was lost (re-attached by name),
 * and the requests the API refuses up front.
 */
describe('real-time failures (real Flink)', () => {
  const world = new RealtimeWorld();
  let api: ApiProcess;

  beforeAll(async () => {
    await world.open();
    api = await world.api('api');
    await world.environmentReady(api);
  }, SLOW);

  afterAll(() => world.close(), SLOW);

  it(
    'shows a job whose python step raises as failed with the Python traceback, after its automatic restart',
    async () => {
      const name = `raises-${suffix()}`;
      const code = [
        'def process(record, ctx):',
        '    check(record)',
        '    return record',
        '',
        '',
        'def check(record):',
        '    raise ValueError("sensor value out of range")',
        '',
      ].join('\n');
      await api.request('POST', '/v1/jobs', {
        ...datagenPythonBlackhole({ name, code }),
        realtime: {
          parallelism: 1,
          checkpointIntervalMs: 5_000,
          restartPolicy: { type: 'none' },
          autoRestart: { enabled: true, maxAttempts: 1, initialDelayMs: 1_000, maxDelayMs: 1_000 },
        },
      });
      await api.request('POST', `/v1/jobs/${name}/realtime/start`, {});
      const failed = await pollUntil(
        `${name} to fail for good`,
        async () => {
          const s = await world.status(api, name);
          return s.deployment?.state === 'failed' ? s : undefined;
        },
        { timeoutMs: 300_000, intervalMs: 1_000 },
      );
      const d = failed.deployment!;
      expect(d.restarts).toBe(1);
      expect(d.autoRestart).toMatchObject({ enabled: true, attempts: 1, nextRestartAt: null });
      expect(d.lastError?.message).toMatch(
        /failed: .*python step 'step' raised ValueError: sensor value out of range/,
      );
      expect(d.lastError?.pythonTraceback).toMatch(/Traceback \(most recent call last\)/);
      expect(d.lastError?.pythonTraceback).toMatch(/line 7, in check/);
      expect(d.lastError?.pythonTraceback).toMatch(/ValueError: sensor value out of range/);
      expect(d.dashboardUrl).toBe(`${flink.restUrl}/#/job/completed/${d.flinkJobId}/overview`);
      expect(failed.live?.exception?.pythonTraceback).toMatch(/ValueError: sensor value out of range/);

      const history = (await world.history(api, name)).reverse();
      const types = history.map((e) => e.type);
      expect(
        inOrder(types, [
          'start-requested',
          'submitting',
          'submitted',
          'restart-scheduled',
          'restarting',
          'submitting',
          'submitted',
          'restart-limit',
        ]),
        types.join(', '),
      ).toBe(true);
      expect(history.find((e) => e.type === 'restart-scheduled')?.message).toMatch(
        /automatic restart 1 of 1 in 1 s.*ValueError: sensor value out of range/,
      );
      expect(history.filter((e) => e.toState === 'failed').length).toBeGreaterThanOrEqual(1);
      expect(types.filter((t) => t === 'state').length).toBeGreaterThanOrEqual(2);
    },
    SLOW,
  );

  it(
    're-attaches by name a submission whose answer was lost, and shows a job cancelled behind Sluice’s back as cancelled within 10 s',
    async () => {
      const name = `cancelled-${suffix()}`;
      await api.request('POST', '/v1/jobs', datagenPythonBlackhole({ name }));
      await api.request('POST', `/v1/jobs/${name}/realtime/start`, { restore: 'none' });
      const running = await world.waitState(api, name, 'running');
      const deployment = running.deployment!;
      const jobId = deployment.flinkJobId as string;

      // A second start while it runs is refused.
      const again = await api.raw('POST', `/v1/jobs/${name}/realtime/start`, {});
      expect(again.status).toBe(409);
      expect(again.text).toMatch(/already has an active deployment/);

      // As if the process that ran `flink run` died before recording the job id.
      await world.db.query('DELETE FROM realtime_events WHERE flink_job_id = ?', [jobId]);
      await world.db.query(
        `UPDATE realtime_deployments SET flink_job_id = NULL, flink_state = NULL, state = 'starting', running_since = NULL,
         revision = revision + 1 WHERE id = ?`,
        [deployment.id],
      );
      await world.waitFor(api, name, 'to be re-attached by name', (s) => s.deployment?.flinkJobId === jobId, {
        timeoutMs: 30_000,
      });
      const reattached = (await world.history(api, name)).find((e) => e.type === 're-attached');
      expect(reattached?.message).toMatch(
        new RegExp(`found Flink job ${jobId} by its name sluice/${name}/v1`),
      );
      await world.waitState(api, name, 'running', 30_000);

      const cancelledAt = Date.now();
      await flink.cancel(jobId);
      const cancelled = await world.waitFor(
        api,
        name,
        'to be cancelled',
        (s) => s.deployment?.state === 'cancelled',
        {
          timeoutMs: 10_000,
          intervalMs: 200,
        },
      );
      const seconds = (Date.now() - cancelledAt) / 1000;
      console.log(`cancelled behind Sluice's back: shown as cancelled after ${seconds.toFixed(1)} s`);
      expect(seconds).toBeLessThan(10);
      expect(cancelled.deployment?.flinkState).toBe('CANCELED');
      const event = (await world.history(api, name)).find((e) => e.toState === 'cancelled');
      expect(event?.message).toMatch(/cancelled outside Sluice/);

      // Nothing is active any more: stop and cancel say so.
      const stop = await api.raw('POST', `/v1/jobs/${name}/realtime/stop`);
      expect(stop.status).toBe(409);
      expect(stop.text).toMatch(/no active deployment to stop \(the last one is cancelled\)/);

      // Deleting a job whose deployment runs: the reconciler cancels the orphaned Flink job.
      await api.request('POST', `/v1/jobs/${name}/realtime/start`, { restore: 'none' });
      const orphan = (await world.waitState(api, name, 'running')).deployment?.flinkJobId as string;
      const { id: jobRowId } = await api.request<{ id: number }>('GET', `/v1/jobs/${name}`);
      await api.request('DELETE', `/v1/jobs/${name}`);
      await pollUntil(
        'the deleted job’s Flink job to be cancelled',
        async () => ((await flink.job(orphan)).state === 'CANCELED' ? true : undefined),
        { timeoutMs: 20_000 },
      );
      await pollUntil('its records to be gone', async () => {
        const [rows] = await world.db.query<import('mysql2').RowDataPacket[]>(
          'SELECT COUNT(*) AS n FROM realtime_deployments WHERE job_id = ?',
          [jobRowId],
        );
        return Number(rows[0]?.n) === 0 ? true : undefined;
      });
    },
    SLOW,
  );

  it(
    'stops a job set to stop without a savepoint by cancelling it, and takes no savepoint',
    async () => {
      const name = `nosavepoint-${suffix()}`;
      await api.request('POST', '/v1/jobs', {
        ...datagenPythonBlackhole({ name }),
        realtime: {
          parallelism: 1,
          checkpointIntervalMs: 5_000,
          restartPolicy: { type: 'none' },
          savepointOnStop: false,
        },
      });
      await api.request('POST', `/v1/jobs/${name}/realtime/start`, { restore: 'none' });
      const jobId = (await world.waitState(api, name, 'running')).deployment?.flinkJobId as string;
      // The jobs list's overview shows it running, with its Dashboard link.
      const overview = async () =>
        (
          await api.request<{ job: string; state: string; dashboardUrl: string | null }[]>(
            'GET',
            '/v1/realtime/deployments',
          )
        ).find((row) => row.job === name);
      expect(await overview()).toMatchObject({
        state: 'running',
        dashboardUrl: expect.stringContaining(jobId),
      });

      const stopped = await api.request<{ savepointPath: string | null; stoppedWith: string }>(
        'POST',
        `/v1/jobs/${name}/realtime/stop`,
      );
      expect(stopped).toMatchObject({ savepointPath: null, stoppedWith: 'cancel' });
      const cancelled = await world.waitState(api, name, 'cancelled', 30_000);
      expect(cancelled.deployment).toMatchObject({ savepointPath: null, flinkState: 'CANCELED' });
      // Flink's job details are cached for a few seconds (web.refresh-interval): poll them.
      await pollUntil('Flink to show the job cancelled', async () =>
        (await flink.job(jobId)).state === 'CANCELED' ? true : undefined,
      );
      expect(await overview()).toMatchObject({ state: 'cancelled', endedAt: expect.any(String) });
      const points = await api.request<{ kind: string }[]>('GET', `/v1/jobs/${name}/realtime/savepoints`);
      expect(points.filter((p) => p.kind === 'savepoint')).toEqual([]);
    },
    SLOW,
  );

  it('refuses to start what cannot run: unbuilt environment, PyFlink of another version, bad input', async () => {
    // An environment that was never built.
    await api.request('POST', '/v1/environments', { name: 'unbuilt', build: false });
    const unbuilt = `unbuilt-${suffix()}`;
    await api.request('POST', '/v1/jobs', {
      ...datagenPythonBlackhole({ name: unbuilt }),
      environment: 'unbuilt',
    });
    const r1 = await api.raw('POST', `/v1/jobs/${unbuilt}/realtime/start`, {});
    expect(r1.status).toBe(409);
    expect(r1.text).toMatch(/environment 'unbuilt' is not built yet/);

    // An environment whose venv has PyFlink 1.20 (a stand-in package: only its version is read).
    const venv = join(world.dataDir, 'old-flink-venv');
    execFileSync('python3', ['-m', 'venv', venv]);
    const purelib = execFileSync(join(venv, 'bin', 'python'), [
      '-c',
      "import sysconfig; print(sysconfig.get_paths()['purelib'])",
    ])
      .toString()
      .trim();
    mkdirSync(join(purelib, 'pyflink'));
    writeFileSync(join(purelib, 'pyflink', '__init__.py'), '');
    writeFileSync(join(purelib, 'pyflink', 'version.py'), '__version__ = "1.20.0"\n');
    await api.request('POST', '/v1/environments', { name: 'old-flink', build: false });
    await world.db.query(
      "UPDATE environments SET status = 'READY', python_path = ? WHERE name = 'old-flink'",
      [join(venv, 'bin', 'python')],
    );
    const old = `old-flink-${suffix()}`;
    await api.request('POST', '/v1/jobs', {
      ...datagenPythonBlackhole({ name: old }),
      environment: 'old-flink',
    });
    const r2 = await api.raw('POST', `/v1/jobs/${old}/realtime/start`, {});
    expect(r2.status).toBe(409);
    expect(JSON.parse(r2.text).message).toMatch(
      /environment 'old-flink' has PyFlink 1\.20\.0 but the Flink cluster at http:\/\/127\.0\.0\.1:8081 runs Flink 2\.2\.1/,
    );

    // Bad input: unknown restore point, undeclared parameter, a scheduled job, a missing job.
    const ok = `inputs-${suffix()}`;
    await api.request('POST', '/v1/jobs', datagenPythonBlackhole({ name: ok }));
    const r3 = await api.raw('POST', `/v1/jobs/${ok}/realtime/start`, {
      restore: 'file:/etc/passwd',
      parameters: { nope: 1 },
    });
    expect(r3.status).toBe(400);
    expect(JSON.parse(r3.text).issues).toEqual([
      expect.objectContaining({
        path: 'parameters.nope',
        message: expect.stringMatching(/declares no parameter 'nope'/),
      }),
    ]);
    const r4 = await api.raw('POST', `/v1/jobs/${ok}/realtime/start`, { restore: 'file:/etc/passwd' });
    expect(r4.status).toBe(400);
    expect(JSON.parse(r4.text).issues[0]).toMatchObject({
      path: 'restore',
      message: expect.stringMatching(/not a savepoint or checkpoint of this job/),
    });
    const r5 = await api.raw('POST', `/v1/jobs/${ok}/realtime/start`, { parallelism: 3 });
    expect(r5.status).toBe(400);
    expect(JSON.parse(r5.text).issues[0].path).toBe('(body)');
    expect((await api.raw('GET', '/v1/jobs/no-such-job/realtime')).status).toBe(404);
    await api.request('POST', '/v1/jobs', {
      name: `batch-${suffix()}`,
      kind: 'scheduled',
      graph: {
        ...datagenPythonBlackhole({ name: 'x' }).graph,
        nodes: datagenPythonBlackhole({ name: 'x' }).graph.nodes.map((n) =>
          n.kind === 'source' ? { ...n, config: { ...n.config, options: { 'number-of-rows': '5' } } } : n,
        ),
      },
      schedule: { cron: '0 0 1 1 *', enabled: false },
    });
    const batch = (
      await api.request<{ items: { name: string; kind: string }[] }>('GET', '/v1/jobs?kind=scheduled')
    ).items[0]!;
    const r6 = await api.raw('POST', `/v1/jobs/${batch.name}/realtime/start`, {});
    expect(r6.status).toBe(409);
    expect(r6.text).toMatch(/is a scheduled job/);
    const status: StatusJson = await world.status(api, ok);
    expect(status.deployment).toBeNull();
  }, 120_000);
});
