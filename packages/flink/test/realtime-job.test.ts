import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Admin, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRealtimeJob, FlinkRestClient, TERMINAL_JOB_STATES } from '../src/index.js';
import { submitRealtimeJob } from '../src/node.js';
import { kafkaToJdbcJob } from './fixtures/jobs.js';
import { pollUntil, stack, stopPolling, uniqueName } from './support/stack.js';

// The acceptance job of issue 5 on the real local stack: kafka (JSON) -> python record step ->
// jdbc upsert into MariaDB, stopped with a savepoint and resumed from it. Submissions start a JVM
// client and Python workers: tens of seconds each on 2 cores, hence the long timeouts.
const SLOW = 300_000;

const flink = new FlinkRestClient({ restUrl: stack.flinkRestUrl });

async function waitForState(jobId: string, wanted: string): Promise<string> {
  return pollUntil(`job ${jobId} to be ${wanted}`, async () => {
    const { state } = await flink.job(jobId);
    if (state === wanted) return state;
    if (TERMINAL_JOB_STATES.has(state)) {
      const { summary } = await flink.exceptions(jobId);
      throw stopPolling(
        `job ${jobId} ended ${state} while waiting for ${wanted}: ${summary ?? '(no exception)'}`,
      );
    }
    return undefined;
  });
}

async function cancelIfRunning(jobId: string | undefined): Promise<void> {
  if (!jobId) return;
  const job = await flink.job(jobId).catch(() => undefined);
  if (job && !TERMINAL_JOB_STATES.has(job.state)) await flink.cancel(jobId);
}

describe('kafka -> python record step -> jdbc upsert on Flink', () => {
  const topic = uniqueName('rt_orders');
  const database = uniqueName('sluice_rt');
  const table = 'orders_enriched';
  // A secret that is not also the user name or the database name, so that a leak is detectable:
  // it rides in the JDBC URL as a harmless connection attribute the server ignores.
  const urlToken = `tok${uniqueName('secret').replace(/_/g, '')}`;
  const kafka = new Kafka({
    clientId: 'sluice-flink-test',
    brokers: stack.kafkaBrokers,
    logLevel: logLevel.WARN,
  });
  let admin: Admin;
  let producer: Producer;
  let db: mysql.Connection;
  const jobIds: string[] = [];

  const job = () =>
    kafkaToJdbcJob({
      topic,
      groupId: uniqueName('rt_group'),
      database,
      table,
      jdbcUrl: `jdbc:mariadb://${stack.mysql.host}:${stack.mysql.port}/${database}?connectionAttributes=sluice_test:\${url_token}`,
      bootstrap: stack.kafkaBrokers.join(','),
      extraParameters: [{ name: 'url_token', secret: true, required: true }],
    });
  const params = {
    db_user: stack.mysql.user,
    db_password: stack.mysql.password,
    factor: '1',
    url_token: urlToken,
  };

  async function produce(from: number, to: number): Promise<void> {
    const messages = [];
    for (let id = from; id <= to; id++) {
      messages.push({
        key: String(id),
        value: JSON.stringify({
          order_id: id,
          customer: `  Customer-${id % 3}  `,
          amount: id % 10 === 0 ? null : id * 2.5,
          qty: 2,
          // Milliseconds survive: a jdbc:mariadb: URL takes MariaDB's driver (infra/flink/jdbc-mariadb);
          // MySQL Connector/J would drop them on MariaDB 10.x.
          ts: `2024-05-01 13:45:${String(id % 60).padStart(2, '0')}.${String(id).padStart(3, '0')}`,
        }),
      });
    }
    await producer.send({ topic, messages });
  }

  /** Orders the step keeps: every id except multiples of 10 (no amount -> dropped by the step). */
  const kept = (from: number, to: number) => {
    const ids: number[] = [];
    for (let id = from; id <= to; id++) if (id % 10 !== 0) ids.push(id);
    return ids;
  };

  async function rowsInMysql(): Promise<
    { order_id: number; customer: string; total: string; label: string; ordered_at: Date }[]
  > {
    const [rows] = await db.query(`SELECT * FROM \`${table}\` ORDER BY order_id`);
    return rows as never;
  }

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    db = await mysql.createConnection({ ...stack.mysql, timezone: 'Z', dateStrings: false });
    await db.query(`CREATE DATABASE \`${database}\``);
    await db.query(`USE \`${database}\``);
    await db.query(
      `CREATE TABLE \`${table}\` (order_id BIGINT PRIMARY KEY, customer VARCHAR(64), total DECIMAL(12,2), label VARCHAR(16), ordered_at DATETIME(3))`,
    );
    // Every write the sink makes is logged: an upsert that hits an existing key (a replayed
    // record) shows up as an 'update', which exactly-once must never produce.
    await db.query(
      'CREATE TABLE write_log (id INT AUTO_INCREMENT PRIMARY KEY, kind VARCHAR(8), order_id BIGINT)',
    );
    await db.query(
      `CREATE TRIGGER log_insert AFTER INSERT ON \`${table}\` FOR EACH ROW INSERT INTO write_log (kind, order_id) VALUES ('insert', NEW.order_id)`,
    );
    await db.query(
      `CREATE TRIGGER log_update AFTER UPDATE ON \`${table}\` FOR EACH ROW INSERT INTO write_log (kind, order_id) VALUES ('update', NEW.order_id)`,
    );
  }, 60_000);

  afterAll(async () => {
    // The session cluster is shared: never leave a job holding a slot.
    for (const id of jobIds) await cancelIfRunning(id).catch(() => undefined);
    await producer?.disconnect();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
    await db?.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
    await db?.end();
  }, 120_000);

  it(
    'writes every record exactly once across stop-with-savepoint and restore, keeping the secret out of sight',
    async () => {
      const compiled = compileRealtimeJob({ job: job(), version: 1 });
      expect(compiled.files.map((f) => f.content).join('\n')).not.toContain(urlToken);

      await produce(1, 20);
      const first = await submitRealtimeJob({
        compiled,
        restUrl: stack.flinkRestUrl,
        python: stack.python,
        params,
      });
      jobIds.push(first.jobId);
      expect(first.output).not.toContain(urlToken);
      await waitForState(first.jobId, 'RUNNING');

      await pollUntil('the first 18 orders in MySQL', async () =>
        (await rowsInMysql()).length === 18 ? true : undefined,
      );
      const rows = await rowsInMysql();
      expect(rows.map((r) => r.order_id)).toEqual(kept(1, 20));
      expect(rows[0]).toEqual({
        order_id: 1,
        customer: 'customer-1',
        total: '5.00',
        label: 'small',
        ordered_at: new Date('2024-05-01T13:45:01.001Z'),
      });
      expect(rows.find((r) => r.order_id === 19)).toMatchObject({ total: '95.00', label: 'small' });

      // Progress and checkpoints are visible through REST.
      const details = await flink.job(first.jobId);
      expect(details.name).toBe('sluice/orders-enrich/v1');
      expect(details.vertices.length).toBeGreaterThan(0);
      const records = await pollUntil('record counts of the first vertex', async () => {
        const r = await flink.vertexRecords(first.jobId, details.vertices[0]?.id ?? '');
        return r.recordsIn >= 20 ? r : undefined; // Flink's metric fetcher lags a few seconds
      });
      expect(records.operators.length).toBeGreaterThan(1);
      const checkpoints = await pollUntil('a completed checkpoint', async () => {
        const c = await flink.checkpoints(first.jobId);
        return c.latestCompleted ? c : undefined;
      });
      expect(checkpoints.latestCompleted?.externalPath).toMatch(/^file:/);
      expect(flink.dashboardJobUrl(first.jobId, details.state)).toBe(
        `${stack.flinkRestUrl}/#/job/running/${first.jobId}/overview`,
      );

      // Nothing the Dashboard or REST API shows carries the secret.
      const views = await Promise.all(
        [
          '',
          '/config',
          '/plan',
          '/jobmanager/config',
          '/exceptions',
          '/checkpoints',
          '/checkpoints/config',
        ].map((p) => fetch(`${stack.flinkRestUrl}/jobs/${first.jobId}${p}`).then((r) => r.text())),
      );
      for (const view of views) expect(view).not.toContain(urlToken);

      const savepoint = await flink.stopWithSavepoint(first.jobId, { timeoutMs: 120_000 });
      expect(savepoint).toMatch(/savepoint-/);
      await waitForState(first.jobId, 'FINISHED');

      await produce(21, 40);
      const second = await submitRealtimeJob({
        compiled,
        restUrl: stack.flinkRestUrl,
        python: stack.python,
        params,
        restoreFrom: savepoint,
      });
      jobIds.push(second.jobId);
      await waitForState(second.jobId, 'RUNNING');
      await pollUntil('all 36 orders in MySQL', async () =>
        (await rowsInMysql()).length === 36 ? true : undefined,
      );
      const all = await rowsInMysql();
      expect(all.map((r) => r.order_id)).toEqual(kept(1, 40));
      expect(all.find((r) => r.order_id === 39)).toMatchObject({
        customer: 'customer-0',
        total: '195.00',
        label: 'big',
      });
      const restored = await pollUntil(
        'the restore in the checkpoint stats',
        async () => (await flink.checkpoints(second.jobId)).latestRestored,
      );
      expect(restored.isSavepoint).toBe(true);
      expect(restored.externalPath).toBe(savepoint);

      // Exactly once: one insert per kept order, no upsert ever hit an existing row.
      const [log] = (await db.query(
        'SELECT kind, COUNT(*) AS n FROM write_log GROUP BY kind',
      )) as unknown as [{ kind: string; n: number }[]];
      expect(log).toEqual([{ kind: 'insert', n: 36 }]);

      // Logs written while the jobs ran do not carry the secret either.
      for (const file of await readdir(stack.flinkLogDir)) {
        const text = await readFile(join(stack.flinkLogDir, file), 'utf8').catch(() => '');
        expect(text.includes(urlToken), `secret found in ${file}`).toBe(false);
      }

      await flink.cancel(second.jobId);
      await waitForState(second.jobId, 'CANCELED');
      expect(flink.dashboardJobUrl(second.jobId, 'CANCELED')).toContain('/#/job/completed/');
    },
    SLOW * 2,
  );
});
