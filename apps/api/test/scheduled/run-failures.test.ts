import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stack, uniqueName } from '../stack/stack-env.js';
import type { ApiProcess } from './support/api-process.js';
import { type RunJson, ScheduledWorld } from './support/fixtures.js';
import { DB_PASSWORD, datagenPythonPrint, jdbcPythonJdbc, kafkaPythonPrint } from './support/jobs.js';

/**
 * Each way a run can go wrong ends in a failed run whose message says what happened, and the
 * worker is not harmed by it: the next run (of a fixed version, or after the missing thing
 * exists) succeeds.
 */
describe('run failures (one API process, real MariaDB, Redis, Kafka)', () => {
  const world = new ScheduledWorld();
  const kafka = new Kafka({
    clientId: 'sluice-test',
    brokers: stack.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const topic = uniqueName('sluice_missing');
  let api: ApiProcess;

  beforeAll(async () => {
    await world.open();
    await admin.connect();
    api = await world.api('api');
    await world.environmentReady(api);
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await world.close();
  });

  const runNow = async (job: string, parameters: Record<string, unknown> = {}) => {
    const run = await api.request<RunJson>('POST', `/v1/jobs/${job}/runs`, { parameters });
    return world.runEnded(api, run.id);
  };

  const replaceCode = async (job: ReturnType<typeof datagenPythonPrint>, code: string) => {
    const next = structuredClone(job);
    (next.graph.nodes[1]!.config as { code: string }).code = code;
    return api.request<{ version: number }>('PUT', `/v1/jobs/${job.name}`, next);
  };

  const GOOD = 'def process(r, ctx):\n    return r\n';

  it('a step that raises: FAILED with the exception and the traceback in the log; a fixed version runs', async () => {
    const code =
      'def process(r, ctx):\n    if r["n"] == 2:\n        raise ValueError(f"boom at record {r[\'n\']}")\n    return r\n';
    const job = datagenPythonPrint({ name: 'raises', code });
    await api.request('POST', '/v1/jobs', job);
    const failed = await runNow('raises');
    expect(failed.status).toBe('FAILED');
    expect(failed.errorNode).toBe('step');
    expect(failed.error).toMatch(/ValueError: boom at record 2/);
    const lines = await world.logs(api, failed.id);
    const traceback = lines.find((l) => l.traceback)?.traceback ?? '';
    expect(traceback).toMatch(/line 3, in process/);
    expect(traceback).toMatch(/ValueError: boom at record 2/);

    expect((await replaceCode(job, GOOD)).version).toBe(2);
    const next = await runNow('raises');
    expect(next).toMatchObject({ status: 'SUCCEEDED', version: 2 });
    expect(next.nodes!.find((n) => n.nodeId === 'out')?.recordsIn).toBe(5);
  });

  it('a step that hangs: killed at the run timeout (TIMEOUT) within seconds; the next run works', async () => {
    const job = datagenPythonPrint({
      name: 'hangs',
      code: 'import time\n\ndef process(r, ctx):\n    time.sleep(3600)\n    return r\n',
      schedule: { timeoutMs: 3_000 },
    });
    await api.request('POST', '/v1/jobs', job);
    const started = Date.now();
    const timedOut = await runNow('hangs');
    expect(timedOut.status).toBe('TIMEOUT');
    expect(timedOut.error).toBe('run timed out after 3 s (schedule.timeoutMs)');
    expect(Date.now() - started).toBeLessThan(15_000);
    await replaceCode(job, GOOD);
    expect((await runNow('hangs')).status).toBe('SUCCEEDED');
  });

  it('garbage on stdout (Python and native fd 1) cannot corrupt the step protocol: it lands in the log', async () => {
    const code =
      'import os, sys\n\ndef process(r, ctx):\n    os.write(1, b"\\x00\\xff{not json\\n")\n    sys.stdout.write("garbage ]]} line\\n")\n    print(chr(7) * 3)\n    return r\n';
    await api.request('POST', '/v1/jobs', datagenPythonPrint({ name: 'garbage-stdout', code, rows: 2 }));
    const run = await runNow('garbage-stdout');
    expect(run.status, run.error ?? '').toBe('SUCCEEDED');
    const lines = await world.logs(api, run.id);
    expect(lines.filter((l) => l.node === 'step' && l.message === 'garbage ]]} line')).toHaveLength(2);
    expect(
      lines.some((l) => l.node === 'step' && l.stream === 'stderr' && l.message.includes('{not json')),
    ).toBe(true);
  });

  it('a step that returns garbage instead of records: FAILED naming the step and what it returned', async () => {
    const job = datagenPythonPrint({
      name: 'garbage-out',
      code: 'def process(r, ctx):\n    return "not a record"\n',
    });
    await api.request('POST', '/v1/jobs', job);
    const failed = await runNow('garbage-out');
    expect(failed.status).toBe('FAILED');
    expect(failed.errorNode).toBe('step');
    expect(failed.error).toMatch(/step 'step'/);
    expect(failed.error).toMatch(/str|dict/);
    await replaceCode(job, GOOD);
    expect((await runNow('garbage-out')).status).toBe('SUCCEEDED');
  });

  it('a source table that does not exist: FAILED naming the table; runs once it exists', async () => {
    const table = uniqueName('no_such');
    await world.db.query(
      'CREATE TABLE sink_ok (id BIGINT PRIMARY KEY, sensor VARCHAR(32), fahrenheit DOUBLE)',
    );
    await api.request(
      'POST',
      '/v1/jobs',
      jdbcPythonJdbc({ name: 'missing-table', database: world.database, source: table, sink: 'sink_ok' }),
    );
    const failed = await runNow('missing-table', { db_password: DB_PASSWORD });
    expect(failed.status).toBe('FAILED');
    expect(failed.errorNode).toBe(table);
    expect(failed.error).toMatch(new RegExp(`${table}.*(doesn't exist|does not exist)`));

    await world.db.query(
      `CREATE TABLE \`${table}\` (id BIGINT PRIMARY KEY, sensor VARCHAR(32), celsius DOUBLE)`,
    );
    await world.db.query(`INSERT INTO \`${table}\` VALUES (7, 'x', 10)`);
    const next = await runNow('missing-table', { db_password: DB_PASSWORD });
    expect(next.status, next.error ?? '').toBe('SUCCEEDED');
    const [rows] = await world.db.query('SELECT id, fahrenheit FROM sink_ok');
    expect(rows).toEqual([{ id: 7, fahrenheit: 50 }]);
  });

  it('a Kafka topic that does not exist: FAILED naming the topic; runs once it exists', async () => {
    await api.request(
      'POST',
      '/v1/jobs',
      kafkaPythonPrint({ name: 'missing-topic', topic, brokers: stack.kafkaBrokers.join(',') }),
    );
    const failed = await runNow('missing-topic');
    expect(failed.status).toBe('FAILED');
    expect(failed.errorNode).toBe('events');
    expect(failed.error).toMatch(new RegExp(`${topic}.*(does not exist|doesn't exist|not found)`, 'i'));

    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [1, 2, 3].map((n) => ({ value: JSON.stringify({ n }) })) });
    await producer.disconnect();
    const next = await runNow('missing-topic');
    expect(next.status, next.error ?? '').toBe('SUCCEEDED');
    expect(next.nodes!.find((n) => n.nodeId === 'events')?.recordsOut).toBe(3);
  });

  it('retries a failing run with exponential backoff, each attempt its own run', async () => {
    const job = datagenPythonPrint({
      name: 'retries',
      code: 'def process(r, ctx):\n    raise RuntimeError("always")\n',
      schedule: { retries: { attempts: 2, backoff: { type: 'exponential', delayMs: 1_000 } } },
    });
    await api.request('POST', '/v1/jobs', job);
    const first = await api.request<RunJson>('POST', '/v1/jobs/retries/runs', {});
    const runs = await world.pollRuns(
      api,
      'retries',
      (all) => all.length === 3 && all.every((r) => r.status === 'FAILED'),
      60_000,
    );
    const chain = [...runs].sort((a, b) => a.attempt - b.attempt);
    expect(chain.map((r) => [r.trigger, r.attempt, r.retryOf])).toEqual([
      ['manual', 1, null],
      ['retry', 2, first.id],
      ['retry', 3, first.id],
    ]);
    const gap = (a: RunJson, b: RunJson) => Date.parse(b.startedAt!) - Date.parse(a.finishedAt!);
    expect(gap(chain[0]!, chain[1]!)).toBeGreaterThanOrEqual(1_000);
    expect(gap(chain[1]!, chain[2]!)).toBeGreaterThanOrEqual(2_000);
  });
});
