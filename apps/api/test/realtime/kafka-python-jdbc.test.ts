import { randomBytes } from 'node:crypto';
import type { RowDataPacket } from 'mysql2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProcess } from '../scheduled/support/api-process.js';
import { enriched, kafkaPythonJdbc, order } from './support/jobs.js';
import { flink, pollUntil, RealtimeWorld, SLOW, type StatusJson } from './support/realtime-world.js';

/**
 * The acceptance job of issue 5 through the API, on the real Flink, Kafka and MariaDB: kafka (JSON)
 * -> python record step -> jdbc upsert. Stop with a savepoint, produce more, start again from the
 * savepoint: every record is in MySQL exactly once. The MySQL table has NO key, so the sink's upsert
 * (INSERT ... ON DUPLICATE KEY UPDATE) appends a second row for any replayed record: counting rows
 * and distinct keys proves exactly-once without triggers. Secrets given at start appear nowhere.
 */
describe('real-time job kafka -> python -> jdbc through the API', () => {
  const world = new RealtimeWorld();
  const job = `orders-${randomBytes(3).toString('hex')}`;
  const table = 'orders_out';
  const urlToken = `tok${randomBytes(12).toString('hex')}`;
  const parameters = { db_password: 'sluice', url_token: urlToken };
  let topic = '';
  let api: ApiProcess;
  const responses: string[] = [];
  const flinkJobs: string[] = [];
  let savepointPath = '';

  /** Every response is kept: the secret test greps them all. */
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    expected = [200, 201, 202],
  ): Promise<T> {
    const { status, text } = await api.raw(method, path, body);
    responses.push(text);
    if (!expected.includes(status)) throw new Error(`${method} ${path}: ${status} ${text}`);
    return JSON.parse(text) as T;
  }

  async function rows(): Promise<RowDataPacket[]> {
    const [result] = await world.db.query<RowDataPacket[]>(`SELECT * FROM ${table} ORDER BY order_id`);
    return result;
  }

  /** Rows and distinct keys: equal unless a record was written twice (the table has no key). */
  async function counts(): Promise<{ n: number; keys_: number }> {
    const [[row]] = (await world.db.query(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT order_id) AS keys_ FROM ${table}`,
    )) as unknown as [[{ n: number; keys_: number }]];
    return { n: Number(row.n), keys_: Number(row.keys_) };
  }

  async function produce(from: number, to: number): Promise<void> {
    const values = [];
    for (let id = from; id <= to; id++) values.push(order(id));
    await world.produce(topic, values);
  }

  const expectedRows = (to: number) => {
    const out = [];
    for (let id = 1; id <= to; id++) {
      const row = enriched(id);
      if (row) out.push(row);
    }
    return out;
  };

  beforeAll(async () => {
    await world.open();
    topic = await world.topic('rt_orders');
    // No primary or unique key on purpose (see above).
    await world.db.query(
      `CREATE TABLE ${table} (order_id BIGINT NOT NULL, customer VARCHAR(64), total DECIMAL(12,2), label VARCHAR(16), ordered_at DATETIME(3))`,
    );
    api = await world.api('api');
    const env = await world.environmentReady(api);
    expect(env).toMatchObject({ pyflink: { version: '2.2.1', source: 'runtime' } });
    await call('POST', '/v1/jobs', kafkaPythonJdbc({ name: job, topic, database: world.database, table }));
  }, SLOW);

  afterAll(() => world.close(), SLOW);

  it('previews a script and configuration without parameter values', async () => {
    const preview = await call<{
      script: string;
      config: Record<string, string>;
      pipelineName: string;
      version: number;
    }>('GET', `/v1/jobs/${job}/realtime/script`);
    expect(preview.version).toBe(1);
    expect(preview.pipelineName).toBe(`sluice/${job}/v1`);
    expect(preview.script).toContain('StreamExecutionEnvironment');
    expect(preview.config['pipeline.name']).toBe(`sluice/${job}/v1`);
    expect(preview.config['execution.checkpointing.interval']).toBe('2000 ms');
    expect(JSON.stringify(preview)).not.toContain('sluice_test:tok');
    const before = await call<StatusJson>('GET', `/v1/jobs/${job}/realtime`);
    expect(before.deployment).toBeNull();
    const docs = await call<{ paths: Record<string, unknown> }>('GET', '/docs-json');
    for (const action of [
      '',
      '/script',
      '/start',
      '/stop',
      '/cancel',
      '/restart',
      '/savepoints',
      '/history',
    ]) {
      expect(Object.keys(docs.paths)).toContain(`/api/v1/jobs/{name}/realtime${action}`);
    }
  });

  it(
    'writes every record exactly once across stop-with-savepoint and a start from the savepoint',
    async () => {
      await produce(1, 20);
      const started = await call<StatusJson>('POST', `/v1/jobs/${job}/realtime/start`, { parameters });
      expect(started.deployment).toMatchObject({ state: 'starting', version: 1, restoredFrom: null });
      expect(started.deployment?.parameters).toEqual({ db_password: '***', url_token: '***' });

      const running = await world.waitState(api, job, 'running');
      const first = running.deployment?.flinkJobId as string;
      flinkJobs.push(first);
      expect(running.deployment?.dashboardUrl).toBe(`${flink.restUrl}/#/job/running/${first}/overview`);
      await pollUntil(
        'the first 18 orders in MySQL',
        async () => ((await rows()).length >= 18 ? true : undefined),
        {
          timeoutMs: 120_000,
        },
      );

      // Records in/out per vertex and operator, and checkpoints, through the API.
      const live = await world.waitFor(api, job, 'to show records and a checkpoint', (s) => {
        const source = s.live?.vertices?.[0];
        return (source?.recordsIn ?? 0) >= 20 && (s.live?.checkpoints?.counts.completed ?? 0) > 0;
      });
      expect(live.live?.vertices?.[0]?.operators.length).toBeGreaterThan(1);
      expect(live.live?.checkpoints?.latestCompleted?.path).toMatch(/^file:/);

      const stopped = await call<{ savepointPath: string; status: StatusJson }>(
        'POST',
        `/v1/jobs/${job}/realtime/stop`,
      );
      savepointPath = stopped.savepointPath;
      expect(savepointPath).toMatch(/^file:.*savepoint-/);
      expect(stopped.status.deployment).toMatchObject({
        state: 'stopped',
        savepointPath,
        flinkState: 'FINISHED',
      });
      const points = await call<{ path: string; kind: string; jobVersion: number; available: boolean }[]>(
        'GET',
        `/v1/jobs/${job}/realtime/savepoints`,
      );
      expect(points).toContainEqual(
        expect.objectContaining({ path: savepointPath, kind: 'savepoint', jobVersion: 1, available: true }),
      );

      await produce(21, 40);
      // The job's restore setting is latest-savepoint: the start resumes from the stop's savepoint.
      const restarted = await call<StatusJson>('POST', `/v1/jobs/${job}/realtime/start`, { parameters });
      expect(restarted.deployment?.restoredFrom).toBe(savepointPath);
      const second = await world.waitState(api, job, 'running');
      flinkJobs.push(second.deployment?.flinkJobId as string);
      expect(second.deployment?.flinkJobId).not.toBe(first);

      await pollUntil(
        'all 36 orders in MySQL',
        async () => ((await rows()).length >= 36 ? true : undefined),
        {
          timeoutMs: 120_000,
        },
      );
      // Give a replay (if there were one) time to land before counting.
      await new Promise((r) => setTimeout(r, 5_000));
      expect(await counts()).toEqual({ n: 36, keys_: 36 });
      expect(await rows()).toEqual(expectedRows(40));

      const restored = await world.waitFor(api, job, 'to show the restored savepoint', (s) =>
        Boolean(s.live?.checkpoints?.latestRestored?.path),
      );
      expect(restored.live?.checkpoints?.latestRestored?.path).toBe(savepointPath);

      // A restart of the running job: stop with a savepoint, start from it, parameters kept.
      const restart = await call<StatusJson>('POST', `/v1/jobs/${job}/realtime/restart`, {});
      expect(restart.deployment).toMatchObject({ state: 'restarting', restarts: 1 });
      expect(restart.deployment?.restoredFrom).toMatch(/savepoint-/);
      expect(restart.deployment?.restoredFrom).not.toBe(savepointPath);
      const third = await world.waitState(api, job, 'running');
      flinkJobs.push(third.deployment?.flinkJobId as string);
      await produce(41, 50);
      await pollUntil(
        'all 45 orders in MySQL',
        async () => ((await rows()).length >= 45 ? true : undefined),
        {
          timeoutMs: 120_000,
        },
      );
      await new Promise((r) => setTimeout(r, 5_000));
      expect(await counts()).toEqual({ n: 45, keys_: 45 });
      expect(await rows()).toEqual(expectedRows(50));

      const cancelled = await call<StatusJson>('POST', `/v1/jobs/${job}/realtime/cancel`);
      expect(cancelled.deployment?.state).toMatch(/cancelling|cancelled/);
      await world.waitState(api, job, 'cancelled', 30_000);

      const history = await world.history(api, job);
      const types = history.map((e) => e.type).reverse();
      expect(types.slice(0, 2)).toEqual(['start-requested', 'submitting']);
      for (const t of ['submitted', 'stop-requested', 'cancel-requested']) expect(types).toContain(t);
      // The stop request or the reconciler, whichever sees the end first, records it.
      expect(history.filter((e) => e.toState === 'stopped')).toHaveLength(2);
      expect(history.filter((e) => e.type === 'restart-requested')).toHaveLength(1);
      expect(history.filter((e) => e.type === 'state' && e.toState === 'running')).toHaveLength(3);
    },
    SLOW,
  );

  it('keeps the secret out of API responses, its own logs, the tables, Flink’s REST views and logs', async () => {
    await call('GET', `/v1/jobs/${job}/realtime/history`);
    await call('GET', `/v1/jobs/${job}`);
    await call('GET', `/v1/jobs/${job}/realtime/script`);
    const all = responses.join('\n');
    expect(all).toContain('"url_token":"***"');
    expect(all).not.toContain(urlToken);
    expect(api.logText).toContain(job);
    expect(api.logText).not.toContain(urlToken);

    let dump = '';
    const [tables] = await world.db.query<RowDataPacket[]>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
    );
    for (const { name } of tables)
      dump += JSON.stringify((await world.db.query(`SELECT * FROM \`${name}\``))[0]);
    expect(dump).toContain(savepointPath);
    expect(dump).not.toContain(urlToken);

    expect(flinkJobs).toHaveLength(3);
    for (const id of flinkJobs) {
      for (const path of [
        '',
        '/config',
        '/plan',
        '/jobmanager/config',
        '/exceptions',
        '/checkpoints',
        '/checkpoints/config',
      ]) {
        const response = await fetch(`${flink.restUrl}/jobs/${id}${path}`);
        expect(response.ok, `GET /jobs/${id}${path}`).toBe(true);
        expect(await response.text(), `GET /jobs/${id}${path}`).not.toContain(urlToken);
      }
    }
    expect(await world.flinkLogsSinceStart()).not.toContain(urlToken);
  }, 120_000);
});
