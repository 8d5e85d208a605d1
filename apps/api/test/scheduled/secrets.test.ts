import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stack } from '../stack/stack-env.js';
import { datagenSource, linearGraph, recordStep } from '../support/pipeline-nodes.js';
import type { ApiProcess } from './support/api-process.js';
import { type RunJson, ScheduledWorld } from './support/fixtures.js';
import { DB_PASSWORD, jdbcTable } from './support/jobs.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Everything Redis holds under the test's prefix, as text. */
async function redisDump(prefix: string): Promise<string> {
  const redis = new Redis(stack.redisUrl);
  const out: string[] = [];
  try {
    for (const key of await redis.keys(`${prefix}:*`)) {
      const type = await redis.type(key);
      if (type === 'string') out.push((await redis.getBuffer(key))?.toString('latin1') ?? '');
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, 0, -1)));
      else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
  } finally {
    redis.disconnect();
  }
  return out.join('\n');
}

/**
 * Secret parameter values reach the step that needs them and nothing else: not API responses,
 * not the run's log or error (even when the step prints them or puts them in an exception), not
 * any database table (stored values are AES-256-GCM ciphertext), not the API's own logs, not Redis.
 */
describe('secret parameters (real API process, MariaDB, Redis)', () => {
  const world = new ScheduledWorld();
  const stored = `tok_${randomBytes(16).toString('hex')}`;
  const supplied = `tok_${randomBytes(16).toString('hex')}`;
  let api: ApiProcess;
  const responses: string[] = [];
  let runs: RunJson[] = [];

  const record = async (method: string, path: string, body?: unknown) => {
    const { status, text } = await api.raw(method, path, body);
    responses.push(text);
    if (status >= 400) throw new Error(`${method} ${path}: ${status} ${text}`);
    return JSON.parse(text || 'null');
  };

  beforeAll(async () => {
    await world.open();
    await world.db.query('CREATE TABLE digests (n BIGINT PRIMARY KEY, digest CHAR(64))');
    api = await world.api('api');
    await world.environmentReady(api);

    const code = [
      'import hashlib',
      '',
      'def process(r, ctx):',
      '    token = ctx.params["api_token"]',
      '    print("token is", token)',
      '    ctx.log.info("params: %s", dict(ctx.params))',
      '    if ctx.params.get("explode") == "yes":',
      '        raise RuntimeError(f"rejected token {token!r}")',
      '    return {"n": r["n"], "digest": hashlib.sha256(token.encode()).hexdigest()}',
      '',
    ].join('\n');
    await record('POST', '/v1/jobs', {
      name: 'uses-secrets',
      kind: 'scheduled',
      parameters: [
        { name: 'api_token', secret: true, required: true },
        { name: 'db_password', secret: true, required: true },
        { name: 'explode', default: 'no' },
      ],
      graph: linearGraph(datagenSource({ rows: 2 }), recordStep(code, { name: 'hash_token' }), {
        id: 'out',
        kind: 'sink',
        name: 'digests',
        config: {
          ...jdbcTable(world.database, 'digests', [
            { name: 'n', type: 'BIGINT NOT NULL' },
            { name: 'digest', type: 'STRING' },
          ]),
          primaryKey: ['n'],
        },
      }),
      schedule: { cron: '0 0 1 1 *', enabled: false },
    });
    const status = await record('PUT', '/v1/jobs/uses-secrets/secrets', {
      values: { api_token: stored, db_password: DB_PASSWORD },
    });
    expect(status).toMatchObject({ api_token: { set: true }, db_password: { set: true } });

    const first = await record('POST', '/v1/jobs/uses-secrets/runs', {});
    runs.push(await world.runEnded(api, first.id));
    const second = await record('POST', '/v1/jobs/uses-secrets/runs', {
      parameters: { api_token: supplied, explode: 'yes' },
    });
    expect(second.params).toEqual({ api_token: '***', explode: 'yes' });
    runs.push(await world.runEnded(api, second.id));
    runs = await Promise.all(runs.map((r) => record('GET', `/v1/runs/${r.id}`)));
    for (const run of runs) {
      await record('GET', `/v1/runs/${run.id}/logs`);
      responses.push(await (await fetch(`${api.baseUrl}/v1/runs/${run.id}/logs/stream`)).text());
    }
    await record('GET', '/v1/jobs/uses-secrets');
    await record('GET', '/v1/jobs');
    await record('GET', '/v1/jobs/uses-secrets/secrets');
    await record('GET', '/v1/runs');
    await record('GET', '/v1/jobs/uses-secrets/versions/1');
  });

  afterAll(() => world.close());

  it('delivers the stored and the supplied secret to the step', async () => {
    expect(runs[0]?.status, runs[0]?.error ?? '').toBe('SUCCEEDED');
    const [rows] = await world.db.query('SELECT digest FROM digests ORDER BY n');
    expect(rows).toEqual([{ digest: sha256(stored) }, { digest: sha256(stored) }]);
    expect(runs[1]?.status).toBe('FAILED');
    expect(runs[1]?.error).toMatch(/RuntimeError: rejected token '\*\*\*'/);
  });

  it('keeps the values out of every API response (runs, logs, live logs, jobs, secrets)', () => {
    const all = responses.join('\n');
    expect(all).toContain('"***"');
    expect(all).toContain('token is ***');
    expect(all).not.toContain(stored);
    expect(all).not.toContain(supplied);
  });

  it('keeps the values out of every table; stored ones are ciphertext', async () => {
    const [tables] = await world.db.query<Array<{ name: string }> & import('mysql2').RowDataPacket[]>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
    );
    let dump = '';
    for (const { name } of tables) {
      const [rows] = await world.db.query(`SELECT * FROM \`${name}\``);
      dump += JSON.stringify(rows, (_k, v) =>
        v && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v,
      );
    }
    expect(dump).toContain('token is ***');
    for (const secret of [stored, supplied]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
    }
    const [sealed] = await world.db.query<import('mysql2').RowDataPacket[]>(
      'SELECT name, sealed FROM job_secrets ORDER BY name',
    );
    expect(sealed.map((r) => r.name)).toEqual(['api_token', 'db_password']);
    expect((sealed[0]!.sealed as Buffer).length).toBe(1 + 12 + 16 + stored.length);
  });

  it('keeps the values out of the API process output and out of Redis', async () => {
    expect(api.logText).toContain('uses-secrets');
    expect(api.logText).not.toContain(stored);
    expect(api.logText).not.toContain(supplied);
    const redis = await redisDump(world.queuePrefix);
    expect(redis.length).toBeGreaterThan(0);
    expect(redis).not.toContain(stored);
    expect(redis).not.toContain(supplied);
  });
});
