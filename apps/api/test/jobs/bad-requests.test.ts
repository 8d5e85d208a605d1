import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProcess } from '../scheduled/support/api-process.js';
import { ScheduledWorld } from '../scheduled/support/fixtures.js';
import { datagenPythonPrint } from '../scheduled/support/jobs.js';
import { uniqueName } from '../stack/stack-env.js';

/**
 * Requests a user (or a broken client) gets wrong: each answer says what is wrong and where, as a
 * 4xx, and nothing is stored. Against the real API process and MariaDB.
 */
describe('bad requests get clear 4xx answers', () => {
  const world = new ScheduledWorld();
  let api: ApiProcess;
  const send = (method: string, path: string, body: string, headers: Record<string, string>) =>
    fetch(`${api.baseUrl}${path}`, { method, body, headers }).then(async (r) => ({
      status: r.status,
      json: (await r.json()) as { message: string; issues?: { path: string; message: string }[] },
    }));
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    await world.open();
    api = await world.api('bad-requests', { worker: false });
  }, 120_000);
  afterAll(() => world.close(), 60_000);

  it('names every place a body has broken text (an unpaired surrogate), instead of a 500', async () => {
    const name = uniqueName('surrogate').replace(/_/g, '-');
    const job = datagenPythonPrint({ name, code: 'def process(r, ctx):\n    return r\n' });
    const body = JSON.stringify({ ...job, description: 'PLACEHOLDER' }).replace(
      'PLACEHOLDER',
      'bad \\ud800 text',
    );
    const answer = await send('POST', '/v1/jobs', body, json);
    expect(answer.status).toBe(400);
    expect(answer.json.issues).toEqual([
      expect.objectContaining({
        path: 'description',
        message: expect.stringMatching(/unpaired UTF-16 surrogate/),
      }),
    ]);
    expect((await api.raw('GET', `/v1/jobs/${name}`)).status).toBe(404);
  });

  it('says what a JSON body that is not an object should be, and what is wrong with the encoding', async () => {
    const number = await send('POST', '/v1/jobs', '42', json);
    expect(number.status).toBe(400);
    expect(number.json.message).not.toMatch(/not valid JSON/);
    expect(number.json.issues?.[0]?.message).toMatch(/must be an object/);

    const text = await send('POST', '/v1/jobs', 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.json.message).toMatch(
      /of type 'text\/plain' cannot be read: send JSON \(content-type: application\/json\)/,
    );

    const broken = await send('POST', '/v1/jobs', '{"name": ', json);
    expect(broken.status).toBe(400);
    expect(broken.json.message).toMatch(/^request body is not valid JSON: /);

    const gzip = await send('POST', '/v1/jobs', 'not gzip', { ...json, 'content-encoding': 'gzip' });
    expect(gzip.status).toBe(400);
    expect(gzip.json.message).toMatch(/not valid gzip data/);

    const big = await send('POST', '/v1/jobs', JSON.stringify({ pad: 'x'.repeat(9 * 1024 * 1024) }), json);
    expect(big.status).toBe(413);
    expect(big.json.message).toBe(
      'request body is too large: the limit is 8 MB for JSON and 32 MB for zip packages',
    );
  });

  it('refuses a python step that does not compile, naming the step and the line', async () => {
    const name = uniqueName('syntax').replace(/_/g, '-');
    const job = datagenPythonPrint({ name, code: 'def process(r, ctx):\n    return r +\n' });
    const answer = await send('POST', '/v1/jobs', JSON.stringify(job), json);
    expect(answer.status).toBe(400);
    expect(answer.json.issues).toContainEqual(
      expect.objectContaining({
        path: 'graph.nodes[1].config.code',
        message: "python 'step' does not compile: line 2, column 15: invalid syntax",
        code: 'python.syntax-error',
      }),
    );
    expect((await api.raw('GET', `/v1/jobs/${name}`)).status).toBe(404);
  });

  it('refuses secret values too short to be masked in logs, naming the parameter', async () => {
    const name = uniqueName('short-secret').replace(/_/g, '-');
    await api.request('POST', '/v1/jobs', {
      ...datagenPythonPrint({ name, code: 'def process(r, ctx):\n    return r\n' }),
      parameters: [{ name: 'token', secret: true, required: false }],
    });
    const put = await send(
      'PUT',
      `/v1/jobs/${name}/secrets`,
      JSON.stringify({ values: { token: 'abc' } }),
      json,
    );
    expect(put.status).toBe(400);
    expect(put.json.issues).toEqual([
      {
        path: 'values.token',
        message: "secret 'token' must be at least 4 characters long, so that it can be masked in logs",
      },
    ]);
    expect(await api.request('GET', `/v1/jobs/${name}/secrets`)).toMatchObject({ token: { set: false } });
  });

  it('names the parameter of a bad id or query value, and 404s a build that does not exist', async () => {
    const run = await api.raw('GET', '/v1/runs/abc');
    expect(run.status).toBe(400);
    expect(JSON.parse(run.text).message).toBe('run id must be a whole number');

    const exported = await api.raw('GET', '/v1/jobs/anything/export?format=xml');
    expect(exported.status).toBe(400);
    expect(JSON.parse(exported.text).message).toMatch(/^query is invalid: query\.format/);

    const build = await api.raw('GET', '/v1/environments/default/build-log?build=999');
    expect(build.status).toBe(404);
    expect(JSON.parse(build.text).message).toMatch(
      /environment 'default' has no build 999 \(its builds are 1 to \d+\)|has not been built yet/,
    );
  });

  it('answers a dry-run import with 200 (nothing created) and applies ?environment', async () => {
    const name = uniqueName('dry').replace(/_/g, '-');
    const doc = {
      apiVersion: 'sluice.dev/v1',
      kind: 'Job',
      job: datagenPythonPrint({ name, code: 'def process(r, ctx):\n    return r\n' }),
    };
    const dry = await send(
      'POST',
      '/v1/jobs/import?dryRun=true&environment=nowhere',
      JSON.stringify(doc),
      json,
    );
    expect(dry.status).toBe(200);
    expect((dry.json as unknown as { job: { environment: string } }).job.environment).toBe('nowhere');
    const real = await send('POST', '/v1/jobs/import?environment=nowhere', JSON.stringify(doc), json);
    expect(real.status).toBe(400);
    expect(real.json.issues).toContainEqual(
      expect.objectContaining({
        path: 'environment',
        message: expect.stringMatching(/'nowhere' does not exist/),
      }),
    );
  });
});
