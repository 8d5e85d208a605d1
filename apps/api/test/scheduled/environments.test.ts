import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProcess } from './support/api-process.js';
import { type RunJson, ScheduledWorld } from './support/fixtures.js';
import { datagenPythonPrint } from './support/jobs.js';

interface EnvJson {
  name: string;
  status: string;
  stale: boolean;
  usable: boolean;
  pythonVersion: string | null;
  build: { number: number; progress: number; step: string | null; error: string | null };
}

/** Python environments: venvs built by pip through the `env.build` queue job, with progress and log. */
describe('environments (real API process, pip against PyPI)', () => {
  const world = new ScheduledWorld();
  let api: ApiProcess;

  beforeAll(async () => {
    await world.open();
    api = await world.api('api');
  });

  afterAll(() => world.close());

  it('creates `default` on first start and builds it (standard library only)', async () => {
    const env = (await world.environmentReady(api)) as EnvJson;
    expect(env).toMatchObject({
      name: 'default',
      status: 'READY',
      usable: true,
      build: { number: 1, progress: 100 },
    });
    expect(env.pythonVersion).toMatch(/^3\.\d+/);
    expect(existsSync(join(world.dataDir, 'envs', 'default', 'build-1', 'venv', 'bin', 'python'))).toBe(true);
  });

  it('builds requirements with pip, streaming the build log live, and jobs can import them', async () => {
    const created = await api.request<EnvJson>('POST', '/v1/environments', {
      name: 'with-six',
      requirements: 'six==1.16.0\n',
    });
    expect(['QUEUED', 'BUILDING']).toContain(created.status);
    const stream = await (await fetch(`${api.baseUrl}/v1/environments/with-six/build-log/stream`)).text();
    expect(stream).toMatch(/Collecting six==1\.16\.0/);
    expect(stream).toMatch(/Successfully installed six-1\.16\.0/);
    expect(stream).toMatch(/event: end\nid: \d+\ndata: \{"status":"READY"\}/);
    const percents = [...stream.matchAll(/event: progress\nid: \d+\ndata: \{"percent":(\d+)/g)].map((m) =>
      Number(m[1]),
    );
    expect(percents.length).toBeGreaterThan(1);
    expect(percents).toEqual([...percents].sort((x, y) => x - y));
    const env = await api.request<EnvJson>('GET', '/v1/environments/with-six');
    expect(env).toMatchObject({
      status: 'READY',
      usable: true,
      stale: false,
      build: { progress: 100, step: 'ready' },
    });
    const log = await api.request<{ lines: Array<{ message: string }> }>(
      'GET',
      '/v1/environments/with-six/build-log',
    );
    expect(log.lines.map((l) => l.message)).toContain(
      `$ python3 -m venv ${join(world.dataDir, 'envs', 'with-six', 'build-1', 'venv')}`,
    );

    const job = {
      ...datagenPythonPrint({
        name: 'uses-six',
        code: 'import six\n\ndef process(r, ctx):\n    r["n"] = r["n"] + len(six.__version__)\n    return r\n',
        rows: 1,
      }),
      environment: 'with-six',
    };
    await api.request('POST', '/v1/jobs', job);
    const run = await api.request<RunJson>('POST', '/v1/jobs/uses-six/runs', {});
    expect((await world.runEnded(api, run.id)).status).toBe('SUCCEEDED');
  });

  it('a failed build says why; jobs on it are refused with the reason until a fixed rebuild', async () => {
    await api.request('POST', '/v1/environments', {
      name: 'broken',
      requirements: 'sluice-no-such-package-zz9==0.0.1',
    });
    const failed = await world.pollEnv<EnvJson>(api, 'broken', (e) => e.status === 'FAILED');
    expect(failed.build.error).toMatch(
      /^pip install -r requirements\.txt exited with code 1: .*No matching distribution found for sluice-no-such-package-zz9/,
    );
    expect(failed.usable).toBe(false);

    const job = {
      ...datagenPythonPrint({ name: 'on-broken', code: 'def process(r, ctx):\n    return r\n', rows: 1 }),
      environment: 'broken',
    };
    await api.request('POST', '/v1/jobs', job);
    const refused = await api.raw('POST', '/v1/jobs/on-broken/runs', {});
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.text).message).toMatch(
      /cannot run job 'on-broken': environment 'broken' failed to build \(pip install .*\); fix its requirements and rebuild it \(POST \/api\/v1\/environments\/broken\/build\)/,
    );

    await api.request('PATCH', '/v1/environments/broken', { requirements: '# fixed\n' });
    const fixed = await world.pollEnv<EnvJson>(api, 'broken', (e) => e.status === 'READY');
    expect(fixed.build.number).toBe(2);
    const run = await api.request<RunJson>('POST', '/v1/jobs/on-broken/runs', {});
    expect((await world.runEnded(api, run.id)).status).toBe('SUCCEEDED');
  });

  it('refuses requirement lines that would read host files, naming the line', async () => {
    const bad = await api.raw('POST', '/v1/environments', {
      name: 'sneaky',
      requirements: 'six\n-r /etc/passwd\n',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).issues).toEqual([
      expect.objectContaining({
        path: 'requirements',
        message: expect.stringMatching(/^line 2: pip option `-r` is not allowed/),
      }),
    ]);
  });

  it('will not delete an environment jobs use; deletes an unused one with its venvs', async () => {
    const used = await api.raw('DELETE', '/v1/environments/with-six');
    expect(used.status).toBe(409);
    expect(used.text).toMatch(/used by 1 job \(uses-six\)/);
    await api.request('POST', '/v1/environments', { name: 'scratch', build: false });
    await api.request('DELETE', '/v1/environments/scratch', undefined, 204);
    expect((await api.raw('GET', '/v1/environments/scratch')).status).toBe(404);
    expect(existsSync(join(world.dataDir, 'envs', 'scratch'))).toBe(false);
  });
});
