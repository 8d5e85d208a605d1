import { exportSreworksPackage, type Job, jobSchema } from '@sluice/dag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProcess } from '../scheduled/support/api-process.js';
import { ScheduledWorld } from '../scheduled/support/fixtures.js';
import { datagenPythonPrint } from '../scheduled/support/jobs.js';
import { uniqueName } from '../stack/stack-env.js';

/** Import and export of job packages through the API, against the real MariaDB. */
describe('job packages API', () => {
  const world = new ScheduledWorld();
  let api: ApiProcess;

  beforeAll(async () => {
    await world.open();
    api = await world.api('packages', { worker: false });
  }, 120_000);
  afterAll(() => world.close(), 60_000);

  const post = (path: string, body: string | Uint8Array, type: string) =>
    fetch(`${api.baseUrl}${path}`, { method: 'POST', body, headers: { 'content-type': type } });

  it('round-trips a job through its SREWorks package: export, import under a new name, same graph', async () => {
    const name = uniqueName('pkg').replace(/_/g, '-');
    await api.request(
      'POST',
      '/v1/jobs',
      datagenPythonPrint({ name, code: 'def process(r, ctx):\n    return r\n' }),
    );

    const exported = await fetch(`${api.baseUrl}/v1/jobs/${name}/export?format=sreworks`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('application/zip');
    const zip = new Uint8Array(await exported.arrayBuffer());

    const copy = `${name}-copy`;
    const imported = await post(`/v1/jobs/import?name=${copy}`, zip, 'application/zip');
    expect(imported.status).toBe(201);
    const original = await api.request<{ job: Job }>('GET', `/v1/jobs/${name}`);
    const created = (await imported.json()) as { name: string; version: number; job: Job };
    expect(created.name).toBe(copy);
    expect(created.version).toBe(1);
    expect(created.job.graph).toEqual(original.job.graph);
  });

  it('exports the native document and imports it back as is', async () => {
    const name = uniqueName('doc').replace(/_/g, '-');
    await api.request(
      'POST',
      '/v1/jobs',
      datagenPythonPrint({ name, code: 'def process(r, ctx):\n    return r\n' }),
    );
    const doc = await (await fetch(`${api.baseUrl}/v1/jobs/${name}/export`)).json();
    expect(doc).toMatchObject({ apiVersion: 'sluice.dev/v1', kind: 'Job', job: { name } });

    await api.request('DELETE', `/v1/jobs/${name}`);
    const back = await post('/v1/jobs/import', JSON.stringify(doc), 'application/json');
    expect(back.status).toBe(201);
  });

  it('reports each broken package file by name and saves nothing', async () => {
    const job = jobSchema.parse(
      datagenPythonPrint({ name: 'broken-pkg', code: 'def process(r, ctx):\n    return r\n' }),
    );
    const zip = exportSreworksPackage(job);
    // Corrupt the archive's tail (central directory): the importer must say so, not throw.
    const broken = zip.slice(0, zip.length - 30);
    const response = await post('/v1/jobs/import?name=broken-pkg', broken, 'application/zip');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string; message: string }[] };
    expect(body.issues.length).toBeGreaterThan(0);
    expect(body.issues[0]?.message).toMatch(/zip|archive|package/i);
    const list = await api.request<{ total: number; items: { name: string }[] }>(
      'GET',
      '/v1/jobs?search=broken-pkg',
    );
    expect(list.items.map((j) => j.name)).not.toContain('broken-pkg');
  });

  it('previews an import with dryRun without saving it', async () => {
    const job = jobSchema.parse(datagenPythonPrint({ name: 'dry-run-pkg', code: 'x = 1\n' }));
    const response = await post(
      '/v1/jobs/import?dryRun=true&name=dry-run-pkg',
      exportSreworksPackage(job),
      'application/zip',
    );
    expect(response.status).toBe(200);
    const result = (await response.json()) as { ok: boolean; job?: Job; issues: unknown[] };
    expect(result.job?.name).toBe('dry-run-pkg');
    const get = await fetch(`${api.baseUrl}/v1/jobs/dry-run-pkg`);
    expect(get.status).toBe(404);
  });
});
