import { resolve } from 'node:path';
import { type Admin, type Consumer, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelJob, flinkGet, submitPyFlinkJob, waitForJobState } from './flink-rest.js';
import { pollUntil, stack, uniqueName } from './stack-env.js';

// Real Flink session cluster, real Kafka and MariaDB: these prove the connector jars, the Python
// workers (venv + mini-racer) and the REST API that the Flink gateway builds on. Submitting a
// PyFlink job starts a JVM client and Python workers, which takes tens of seconds on 2 cores.
const JOB_TIMEOUT = 240_000;

describe('Flink session cluster (local stack)', () => {
  beforeAll(async () => {
    const overview = await flinkGet<{ taskmanagers: number; 'slots-total': number; 'flink-version': string }>(
      '/overview',
    );
    expect(overview.taskmanagers).toBeGreaterThanOrEqual(1);
    expect(overview['slots-total']).toBeGreaterThanOrEqual(2);
    expect(overview['flink-version']).toMatch(/^2\.2\./);
  });

  describe('Kafka -> Python UDF (V8 via mini-racer) -> Kafka job', () => {
    const kafka = new Kafka({
      clientId: 'sluice-stack-flink',
      brokers: stack.kafkaBrokers,
      logLevel: logLevel.WARN,
    });
    const sourceTopic = uniqueName('stack_flink_in');
    const sinkTopic = uniqueName('stack_flink_out');
    const groupId = uniqueName('stack_flink_reader');
    const jobName = uniqueName('stack_smoke_kafka');
    let admin: Admin;
    let producer: Producer;
    let consumer: Consumer;
    let jobId: string | undefined;

    beforeAll(async () => {
      admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({
        topics: [sourceTopic, sinkTopic].map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
        waitForLeaders: true,
      });
      producer = kafka.producer({
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      consumer = kafka.consumer({ groupId });
      await consumer.connect();
    });

    afterAll(async () => {
      // A test that failed half-way must not leave a job occupying a slot of the shared cluster.
      if (jobId) {
        const job = await flinkGet<{ state: string }>(`/jobs/${jobId}`).catch(() => undefined);
        if (job && !['CANCELED', 'FINISHED', 'FAILED'].includes(job.state)) await cancelJob(jobId);
      }
      await consumer?.disconnect();
      await producer?.disconnect();
      if (admin) {
        await admin.deleteTopics({ topics: [sourceTopic, sinkTopic] }).catch(() => undefined);
        await admin.deleteGroups([groupId, jobName]).catch(() => undefined);
        await admin.disconnect();
      }
    });

    it(
      'runs the smoke job, transforms every record, shows it in the REST API and cancels it',
      async () => {
        jobId = await submitPyFlinkJob(resolve(stack.smokeDir, 'kafka_to_kafka.py'), [
          '--bootstrap',
          stack.kafkaBrokers.join(','),
          '--source-topic',
          sourceTopic,
          '--sink-topic',
          sinkTopic,
          '--job-name',
          jobName,
        ]);

        // The job is listed by the overview endpoint the Dashboard and the reconcile loop use.
        const listed = await pollUntil('the job in /jobs/overview', async () => {
          const { jobs } = await flinkGet<{ jobs: { jid: string; name: string; state: string }[] }>(
            '/jobs/overview',
          );
          return jobs.find((j) => j.jid === jobId);
        });
        expect(listed.name).toBe(jobName);

        const running = await waitForJobState(jobId, 'RUNNING', JOB_TIMEOUT);
        expect(running.name).toBe(jobName);
        expect(running.vertices.length).toBeGreaterThanOrEqual(1);

        const inputs = [
          { id: 1, message: 'héllo wörld' },
          { id: 2, message: "it's a log line" },
          { id: 3, message: 'GET /api/health 200' },
        ];
        await producer.send({
          topic: sourceTopic,
          messages: [
            ...inputs.map((r) => ({ value: JSON.stringify(r) })),
            // Not JSON: the source skips it (json.ignore-parse-errors) instead of failing the job.
            { value: 'not json at all' },
          ],
        });

        const outputs: { id: number; message: string; shouted: string; length: number }[] = [];
        await consumer.subscribe({ topic: sinkTopic, fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            outputs.push(JSON.parse(String(message.value)));
          },
        });
        await pollUntil(
          '3 transformed records on the sink topic',
          async () => (outputs.length >= 3 ? true : undefined),
          {
            timeoutMs: JOB_TIMEOUT,
          },
        );

        expect(outputs.sort((a, b) => a.id - b.id)).toEqual(
          inputs.map((r) => ({ ...r, shouted: r.message.toUpperCase(), length: [...r.message].length })),
        );

        expect(await cancelJob(jobId)).toBe(202);
        const canceled = await waitForJobState(jobId, 'CANCELED', 120_000);
        expect(canceled.vertices.every((v) => v.status === 'CANCELED')).toBe(true);
      },
      JOB_TIMEOUT * 2,
    );
  });

  describe('JDBC connector + MySQL dialect + driver', () => {
    const database = uniqueName('sluice_stack_flink');
    const jobName = uniqueName('stack_smoke_jdbc');
    let conn: mysql.Connection;

    beforeAll(async () => {
      conn = await mysql.createConnection({ uri: stack.mysqlUrl, connectTimeout: 10_000 });
      await conn.query(`CREATE DATABASE \`${database}\``);
      await conn.query(`CREATE TABLE \`${database}\`.smoke_upsert (id BIGINT PRIMARY KEY, name VARCHAR(64))`);
    });

    afterAll(async () => {
      if (!conn) return;
      await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await conn.end();
    });

    it(
      'upserts rows into MariaDB through the jdbc sink and finishes',
      async () => {
        const url = new URL(stack.mysqlUrl);
        const jobId = await submitPyFlinkJob(
          resolve(stack.smokeDir, 'upsert_to_jdbc.py'),
          [
            '--url',
            `jdbc:mysql://${url.host}/${database}`,
            '--table',
            'smoke_upsert',
            '--username',
            decodeURIComponent(url.username),
            '--job-name',
            jobName,
          ],
          // The password reaches the client through its environment only (see the script).
          { SLUICE_SMOKE_JDBC_PASSWORD: decodeURIComponent(url.password) },
        );

        const finished = await waitForJobState(jobId, 'FINISHED', JOB_TIMEOUT);
        expect(finished.name).toBe(jobName);

        // id 1 was written twice: only an upsert (the MySQL dialect's ON DUPLICATE KEY UPDATE)
        // leaves its second value; a plain INSERT would have failed the job on the duplicate key.
        const [rows] = await conn.query<mysql.RowDataPacket[]>(
          `SELECT id, name FROM \`${database}\`.smoke_upsert ORDER BY id`,
        );
        expect(rows.map((r) => [Number(r.id), r.name])).toEqual([
          [1, 'one-updated'],
          [2, 'two'],
          [3, 'three'],
        ]);

        // The password must not leak into what the REST API / Dashboard shows about the job.
        for (const path of [`/jobs/${jobId}`, `/jobs/${jobId}/config`, `/jobs/${jobId}/plan`]) {
          expect(JSON.stringify(await flinkGet(path)), path).not.toMatch(/password/i);
        }
      },
      JOB_TIMEOUT * 2,
    );
  });
});
