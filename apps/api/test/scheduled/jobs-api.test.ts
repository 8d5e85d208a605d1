import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearGraph, recordStep, tablelessSink } from '../support/pipeline-nodes.js';
import type { ApiProcess } from './support/api-process.js';
import { type RunJson, ScheduledWorld } from './support/fixtures.js';
import { DB_PASSWORD, datagenPythonPrint, jdbcPythonJdbc } from './support/jobs.js';

/**
 * The `/api/v1` jobs API on one real API process (own database and queue prefix): validation at
 * the edge, versions and diffs, the schedule switch, cron preview, manual runs with per-node
 * stats, logs (stored and live over SSE), and cancel.
 */
describe('jobs API (one API process, real MariaDB, Redis)', () => {
  const world = new ScheduledWorld();
  let api: ApiProcess;

  beforeAll(async () => {
    await world.open();
    await world.db.query('CREATE TABLE readings (id BIGINT PRIMARY KEY, sensor VARCHAR(32), celsius DOUBLE)');
    await world.db.query(
      'CREATE TABLE readings_f (id BIGINT PRIMARY KEY, sensor VARCHAR(32), fahrenheit DOUBLE)',
    );
    await world.db.query(
      "INSERT INTO readings VALUES (1, 'a', 0), (2, 'b', 100), (3, 'broken', 5), (4, 'c', -40)",
    );
    api = await world.api('api');
    await world.environmentReady(api);
  });

  afterAll(() => world.close());

  it('answers 400 with every issue and its path for an invalid job', async () => {
    const job = jdbcPythonJdbc({
      name: 'Bad Name!',
      database: world.database,
      source: 'readings',
      sink: 'readings_f',
    });
    const nodes = job.graph.nodes as Array<{ config: { options?: Record<string, string> } }>;
    delete nodes[0]!.config.options!['table-name'];
    (job.schedule as { cron: string }).cron = '61 * * * *';
    job.graph.edges.push({ source: 'out', target: 'src' });
    const { status, text } = await api.raw('POST', '/v1/jobs', job);
    expect(status).toBe(400);
    const body = JSON.parse(text) as {
      message: string;
      issues: Array<{ path: string; message: string; severity: string }>;
    };
    const paths = body.issues.filter((i) => i.severity === 'error').map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        'schedule.cron',
        expect.stringMatching(/^graph\.nodes\[0\]\.config\.options/),
        expect.stringMatching(/^graph\.edges/),
      ]),
    );
    for (const issue of body.issues) expect(issue.message.length).toBeGreaterThan(10);
    expect(body.message).toMatch(/the job is invalid: \d+ problems/);
  });

  it('refuses a job naming an environment that does not exist, at the `environment` path', async () => {
    const job = {
      ...datagenPythonPrint({ name: 'no-env', code: 'def process(r, ctx):\n    return r\n' }),
      environment: 'nope',
    };
    const { status, text } = await api.raw('POST', '/v1/jobs', job);
    expect(status).toBe(400);
    expect(JSON.parse(text).issues).toContainEqual(
      expect.objectContaining({
        path: 'environment',
        message: expect.stringMatching(/environment 'nope' does not exist/),
      }),
    );
  });

  it('keeps immutable versions, diffs them, and toggles the schedule without a new version', async () => {
    const v1 = jdbcPythonJdbc({
      name: 'versions',
      database: world.database,
      source: 'readings',
      sink: 'readings_f',
      schedule: { cron: '0 3 * * *', enabled: true },
    });
    const created = await api.request<{
      version: number;
      schedule: { enabled: boolean; nextFireTimes: string[] };
    }>('POST', '/v1/jobs', v1);
    expect(created.version).toBe(1);
    expect(created.schedule.enabled).toBe(true);
    expect(created.schedule.nextFireTimes[0]).toMatch(/T03:00:00\.000Z$/);
    expect((await api.raw('POST', '/v1/jobs', v1)).status).toBe(409);

    const same = await api.request<{ version: number; versionCreated: boolean }>(
      'PUT',
      '/v1/jobs/versions',
      v1,
    );
    expect(same).toMatchObject({ version: 1, versionCreated: false });

    const v2 = structuredClone(v1);
    (v2.graph.nodes[1]!.config as { code: string }).code = 'def process(r, ctx):\n    return r\n';
    (v2.schedule as { cron: string }).cron = '30 4 * * *';
    const saved = await api.request<{ version: number; versionCreated: boolean }>(
      'PUT',
      '/v1/jobs/versions',
      v2,
    );
    expect(saved).toMatchObject({ version: 2, versionCreated: true });

    const versions = await api.request<Array<{ version: number }>>('GET', '/v1/jobs/versions/versions');
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const diff = await api.request<{
      nodes: { changed: Array<{ id: string; changes: Array<{ path: unknown[] }> }> };
      fields: Array<{ path: unknown[] }>;
    }>('GET', '/v1/jobs/versions/versions/1/diff/2');
    expect(diff.nodes.changed.map((n) => n.id)).toEqual(['step']);
    expect(diff.fields.map((f) => f.path.join('.'))).toContain('schedule.cron');

    const disabled = await api.request<{
      version: number;
      schedule: { enabled: boolean; nextFireTimes: string[] };
    }>('POST', '/v1/jobs/versions/disable');
    expect(disabled).toMatchObject({ version: 2, schedule: { enabled: false, nextFireTimes: [] } });
    const enabled = await api.request<{
      version: number;
      schedule: { enabled: boolean; nextFireTimes: string[] };
    }>('POST', '/v1/jobs/versions/enable');
    expect(enabled.version).toBe(2);
    expect(enabled.schedule.nextFireTimes[0]).toMatch(/T04:30:00\.000Z$/);

    await api.request('DELETE', '/v1/jobs/versions', undefined, 204);
    expect((await api.raw('GET', '/v1/jobs/versions')).status).toBe(404);
  });

  it('previews fire times in a time zone and explains a bad cron', async () => {
    const preview = await api.request<{ times: string[] }>(
      'GET',
      `/v1/cron/preview?cron=${encodeURIComponent('0 9 * * 1-5')}&timezone=Europe/Paris&count=2&from=2025-01-03T12:00:00Z`,
    );
    expect(preview.times).toEqual(['2025-01-06T08:00:00.000Z', '2025-01-07T08:00:00.000Z']);
    const bad = await api.raw(
      'GET',
      `/v1/cron/preview?cron=${encodeURIComponent('*/5 * * * * *')}&timezone=Mars/Base`,
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/seconds field is not supported/);
    expect(bad.text).toMatch(/Unknown time zone 'Mars\/Base'/);
  });

  it('runs jdbc -> python -> jdbc now: rows written, per-node counts, Python output in the log', async () => {
    await api.request(
      'POST',
      '/v1/jobs',
      jdbcPythonJdbc({
        name: 'convert-now',
        database: world.database,
        source: 'readings',
        sink: 'readings_f',
      }),
    );
    const refused = await api.raw('POST', '/v1/jobs/convert-now/runs', {});
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/parameter 'db_password' is required/);

    await api.request('PUT', '/v1/jobs/convert-now/secrets', { values: { db_password: DB_PASSWORD } });
    const queued = await api.request<RunJson>('POST', '/v1/jobs/convert-now/runs', {});
    expect(queued).toMatchObject({ trigger: 'manual', attempt: 1 });
    const run = await world.runEnded(api, queued.id);
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    const nodes = Object.fromEntries(run.nodes!.map((n) => [n.nodeId, n]));
    expect(nodes.src).toMatchObject({ status: 'succeeded', recordsOut: 4 });
    expect(nodes.step).toMatchObject({ status: 'succeeded', recordsIn: 4, recordsOut: 3 });
    expect(nodes.out).toMatchObject({ status: 'succeeded', recordsIn: 3 });

    const [rows] = await world.db.query('SELECT id, sensor, fahrenheit FROM readings_f ORDER BY id');
    expect(rows).toEqual([
      { id: 1, sensor: 'a', fahrenheit: 32 },
      { id: 2, sensor: 'b', fahrenheit: 212 },
      { id: 4, sensor: 'c', fahrenheit: -40 },
    ]);
    const lines = await world.logs(api, run.id);
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    expect(lines).toContainEqual(
      expect.objectContaining({ node: 'convert', stream: 'stdout', message: 'converted reading 2' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ node: 'convert', stream: 'log', message: 'convert starting' }),
    );
  });

  it('streams a run log live over SSE, from the first line to the end event', async () => {
    const code =
      'import time\n\ndef process(r, ctx):\n    print(f"tick {r[\'n\']}")\n    time.sleep(0.3)\n    return r\n';
    await api.request('POST', '/v1/jobs', datagenPythonPrint({ name: 'sse-live', code, rows: 6 }));
    const run = await api.request<RunJson>('POST', '/v1/jobs/sse-live/runs', {});
    const response = await fetch(`${api.baseUrl}/v1/runs/${run.id}/logs/stream`);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await response.text(); // the server ends the stream after the `end` event
    const events = text
      .split('\n\n')
      .filter((block) => block.trim() !== '')
      .map((block) => ({
        type: /^event: (.*)$/m.exec(block)?.[1],
        id: /^id: (.*)$/m.exec(block)?.[1],
        data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null'),
      }));
    const lines = events.filter((e) => e.type === 'line');
    expect(lines.map((e) => Number(e.id))).toEqual(lines.map((_, i) => i + 1));
    expect(lines.map((e) => e.data.message)).toEqual(expect.arrayContaining(['tick 1', 'tick 6']));
    expect(events.at(-1)).toMatchObject({ type: 'end', data: { status: 'SUCCEEDED' } });
    // Resuming with Last-Event-ID replays only what came after.
    const resumed = await (
      await fetch(`${api.baseUrl}/v1/runs/${run.id}/logs/stream`, { headers: { 'last-event-id': '3' } })
    ).text();
    expect(/^id: (\d+)$/m.exec(resumed)?.[1]).toBe('4');
  });

  it('cancels a running run within seconds', async () => {
    const code = 'import time\n\ndef process(r, ctx):\n    time.sleep(60)\n    return r\n';
    await api.request('POST', '/v1/jobs', datagenPythonPrint({ name: 'cancel-me', code }));
    const run = await api.request<RunJson>('POST', '/v1/jobs/cancel-me/runs', {});
    await world.pollRun(api, run.id, (r) => r.status === 'RUNNING');
    const asked = Date.now();
    await api.request('POST', `/v1/runs/${run.id}/cancel`, undefined, 202);
    const ended = await world.runEnded(api, run.id, 20_000);
    expect(ended.status).toBe('CANCELLED');
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect((await api.raw('POST', `/v1/runs/${run.id}/cancel`)).status).toBe(409);
  });

  it('deletes a job with a running run: cancels the run first, then removes everything', async () => {
    const code = 'import time\n\ndef process(r, ctx):\n    time.sleep(60)\n    return r\n';
    await api.request('POST', '/v1/jobs', datagenPythonPrint({ name: 'delete-running', code }));
    const run = await api.request<RunJson>('POST', '/v1/jobs/delete-running/runs', {});
    await world.pollRun(api, run.id, (r) => r.status === 'RUNNING');
    const asked = Date.now();
    await api.request('DELETE', '/v1/jobs/delete-running', undefined, 204);
    expect(Date.now() - asked).toBeLessThan(15_000);
    expect((await api.raw('GET', `/v1/runs/${run.id}`)).status).toBe(404);
    // The cancelled run had finished writing before its rows went: no foreign-key failures.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(api.logText).not.toMatch(/foreign key constraint fails/);
  });

  it('checks run parameters: wrong types and unknown names together, numbers from text', async () => {
    const job = datagenPythonPrint({
      name: 'params-check',
      code: 'def process(r, ctx):\n    return r\n',
      parameters: [{ name: 'limit', type: 'integer' }],
    });
    await api.request('POST', '/v1/jobs', job);
    const bad = await api.raw('POST', '/v1/jobs/params-check/runs', {
      parameters: { limit: 'ten', colour: 'red' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).issues.map((i: { path: string }) => i.path)).toEqual([
      'parameters.limit',
      'parameters.colour',
    ]);
    const ok = await api.request<RunJson>('POST', '/v1/jobs/params-check/runs', {
      parameters: { limit: '10' },
    });
    expect(ok.params).toEqual({ limit: 10 });
  });

  it('holds runs of one job to its concurrency, oldest first, across the worker pool', async () => {
    const code = 'import time\n\ndef process(r, ctx):\n    time.sleep(1.5)\n    return r\n';
    for (const [name, concurrency] of [
      ['one-at-a-time', 1],
      ['two-at-a-time', 2],
    ] as const) {
      await api.request(
        'POST',
        '/v1/jobs',
        datagenPythonPrint({ name, code, rows: 1, schedule: { concurrency } }),
      );
      const queued: RunJson[] = [];
      for (let i = 0; i < 3; i++)
        queued.push(await api.request<RunJson>('POST', `/v1/jobs/${name}/runs`, {}));
      const runs = await Promise.all(queued.map((r) => world.runEnded(api, r.id)));
      expect(runs.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
      const spans = runs.map((r) => [Date.parse(r.startedAt!), Date.parse(r.finishedAt!)] as const);
      const overlapping = (t: number) => spans.filter(([from, to]) => from <= t && t < to).length;
      const most = Math.max(...spans.map(([from]) => overlapping(from)));
      expect(most, name).toBe(concurrency);
      if (concurrency === 1) {
        // Oldest first: each starts after the one before it ended.
        expect(spans[1]![0]).toBeGreaterThanOrEqual(spans[0]![1]);
        expect(spans[2]![0]).toBeGreaterThanOrEqual(spans[1]![1]);
      }
    }
  });

  it('lets filesystem nodes use only the configured roots (not the host’s files)', async () => {
    const job = (name: string, path: string) => ({
      name,
      kind: 'scheduled',
      graph: linearGraph(
        {
          id: 'in',
          kind: 'source',
          name: 'lines',
          config: {
            connector: 'filesystem',
            options: { path, format: 'json' },
            columns: [{ name: 'n', type: 'BIGINT' }],
          },
        },
        recordStep(),
        tablelessSink('print'),
      ),
      schedule: { cron: '0 0 * * *', enabled: false },
    });
    await api.request('POST', '/v1/jobs', job('reads-host', '/etc/passwd'));
    const refused = await world.runEnded(
      api,
      (await api.request<RunJson>('POST', '/v1/jobs/reads-host/runs', {})).id,
    );
    expect(refused.status).toBe('FAILED');
    expect(refused.error).toMatch(/path `\/etc\/passwd` is outside the directories batch runs may use/);

    const inside = join(world.dataDir, 'files', 'in.jsonl');
    mkdirSync(dirname(inside), { recursive: true });
    writeFileSync(inside, '{"n": 1}\n{"n": 2}\n');
    await api.request('POST', '/v1/jobs', job('reads-inside', inside));
    const ok = await world.runEnded(
      api,
      (await api.request<RunJson>('POST', '/v1/jobs/reads-inside/runs', {})).id,
    );
    expect(ok.status, ok.error ?? '').toBe('SUCCEEDED');
    expect(ok.nodes!.find((n) => n.nodeId === 'out')?.recordsIn).toBe(2);
  });

  it('documents the API in OpenAPI', async () => {
    const spec = await api.request<{ paths: Record<string, unknown> }>('GET', '/docs-json');
    for (const path of [
      '/api/v1/jobs',
      '/api/v1/jobs/{name}',
      '/api/v1/jobs/{name}/versions/{from}/diff/{to}',
      '/api/v1/jobs/{name}/runs',
      '/api/v1/jobs/{name}/secrets',
      '/api/v1/cron/preview',
      '/api/v1/runs/{id}/logs/stream',
      '/api/v1/runs/{id}/cancel',
      '/api/v1/environments/{name}/build',
    ]) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
  });
});
