import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  column,
  createTestDatabase,
  jdbcUrl,
  job,
  KAFKA_BROKERS,
  kafka,
  MYSQL,
  python,
  readTopic,
  run,
  sink,
  source,
  uniqueName,
} from './support.js';

const EVENT_COLUMNS = [
  column('id', 'BIGINT'),
  column('level', 'STRING'),
  column('msg', 'STRING'),
  column('ts', 'TIMESTAMP_LTZ(3)'),
];

const STEP = `
import time

def process(record, ctx):
    if ctx.params.get("fail_at") == record["id"]:
        time.sleep(1)  # let the batches before this one reach the sink
        raise RuntimeError("failing on purpose at %d" % record["id"])
    if record["level"] == "debug":
        return None
    return {"id": record["id"], "level": record["level"].upper(), "msg": record["msg"], "ts": record["ts"]}
`;

describe('kafka runs', () => {
  let admin: Admin;
  let producer: Producer;
  const topics: string[] = [];

  const createTopic = async (partitions = 2) => {
    const topic = uniqueName('rt-events');
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    topics.push(topic);
    return topic;
  };

  const produce = async (topic: string, from: number, to: number) => {
    const messages = [];
    for (let id = from; id <= to; id++) {
      messages.push({
        key: String(id),
        value: JSON.stringify({
          id,
          level: id % 5 === 0 ? 'debug' : 'info',
          msg: `event ${id}`,
          ts: new Date(Date.UTC(2024, 4, 1, 12, 0, 0, id)).toISOString(),
          unrelated: { nested: true },
        }),
      });
    }
    await producer.send({ topic, messages, acks: -1 });
  };

  const committed = async (groupId: string, topic: string) => {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries((t?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  };
  const endOffsets = async (topic: string) =>
    Object.fromEntries((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => {});
    await admin?.disconnect();
  });

  const kafkaSource = (topic: string, group: string, extra: Record<string, string> = {}) =>
    source(
      'events',
      'kafka',
      {
        topic,
        'properties.bootstrap.servers': KAFKA_BROKERS,
        'properties.group.id': group,
        format: 'json',
        ...extra,
      },
      EVENT_COLUMNS,
    );

  it('reads json from the committed offsets to the end, writes json with keys, and commits only after success', async () => {
    const input = await createTopic(2);
    const output = await createTopic(1);
    const group = uniqueName('rt-group');
    await produce(input, 1, 2500);
    const pipeline = () =>
      job(
        [
          kafkaSource(input, group),
          python('clean', STEP),
          sink(
            'out',
            'kafka',
            {
              topic: output,
              'properties.bootstrap.servers': KAFKA_BROKERS,
              format: 'json',
              'key.format': 'json',
              'key.fields': 'id',
              'json.timestamp-format.standard': 'ISO-8601',
            },
            EVENT_COLUMNS,
          ),
        ],
        ['events->clean', 'clean->out'],
      );

    const first = await run(pipeline());
    expect(first.outcome.error).toBeUndefined();
    expect(first.node('events').recordsOut).toBe(2500);
    expect(first.node('out').recordsOut).toBe(2000);
    expect(await committed(group, input)).toEqual(await endOffsets(input));

    const messages = await readTopic(output);
    expect(messages).toHaveLength(2000);
    const byId = new Map(messages.map((m) => [JSON.parse(m.value).id as number, m]));
    expect(JSON.parse(byId.get(7)?.value ?? '{}')).toEqual({
      id: 7,
      level: 'INFO',
      msg: 'event 7',
      ts: '2024-05-01T12:00:00.007Z',
    });
    expect(byId.get(7)?.key).toBe('{"id":7}');
    expect(byId.has(5)).toBe(false);

    // Nothing new: an empty run that still succeeds.
    const idle = await run(pipeline());
    expect(idle.outcome.status).toBe('succeeded');
    expect(idle.node('events').recordsOut).toBe(0);

    // New messages: exactly those are read next time.
    await produce(input, 2501, 2510);
    const next = await run(pipeline());
    expect(next.node('events').recordsOut).toBe(10);
    expect(await committed(group, input)).toEqual(await endOffsets(input));
  });

  it('leaves the offsets where they were when the run fails, so the next run reads the same range into jdbc', async () => {
    const input = await createTopic(2);
    const group = uniqueName('rt-group');
    await produce(input, 1, 1200);
    const database = await createTestDatabase();
    try {
      await database.db.query(
        'CREATE TABLE events (id BIGINT PRIMARY KEY, level VARCHAR(10), msg VARCHAR(100), ts TIMESTAMP(3) NULL)',
      );
      const pipeline = () =>
        job(
          [
            kafkaSource(input, group),
            python('clean', STEP),
            sink(
              'db',
              'jdbc',
              {
                url: jdbcUrl(database.name),
                username: MYSQL.user,
                password: MYSQL.password,
                'table-name': 'events',
              },
              EVENT_COLUMNS,
              ['id'],
            ),
          ],
          ['events->clean', 'clean->db'],
        );
      const failed = await run(pipeline(), { params: { fail_at: 1100 }, batchSize: 100 });
      expect(failed.outcome.status).toBe('failed');
      expect(failed.outcome.error?.message).toContain('RuntimeError: failing on purpose at 1100');
      expect(failed.outcome.error?.traceback).toContain(
        'raise RuntimeError("failing on purpose at %d" % record["id"])',
      );
      expect(await committed(group, input)).toEqual({ 0: -1, 1: -1 });

      const ok = await run(pipeline(), { batchSize: 100 });
      expect(ok.outcome.error).toBeUndefined();
      expect(ok.node('events').recordsOut).toBe(1200);
      expect(await committed(group, input)).toEqual(await endOffsets(input));
      const [rows] = await database.db.query(
        "SELECT COUNT(*) AS n, MIN(ts) AS first FROM events WHERE level = 'INFO'",
      );
      expect(rows).toEqual([{ n: '960', first: '2024-05-01 12:00:00.001' }]);
    } finally {
      await database.drop();
    }
  });

  it('starts from a timestamp when asked, reading the range after it', async () => {
    const input = await createTopic(1);
    await produce(input, 1, 5);
    await new Promise((r) => setTimeout(r, 50));
    const since = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    await produce(input, 6, 8);
    const r = await run(
      job(
        [
          kafkaSource(input, uniqueName('rt-group'), {
            'scan.startup.mode': 'timestamp',
            'scan.startup.timestamp-millis': String(since),
          }),
          sink('out', 'print', {}, [column('id', 'BIGINT')]),
        ],
        ['events->out'],
      ),
    );
    expect(r.outcome.error).toBeUndefined();
    expect(r.logs.filter((l) => l.stream === 'print').map((l) => l.message)).toEqual([
      '+I{"id":6}',
      '+I{"id":7}',
      '+I{"id":8}',
    ]);
  });

  it('does not show messages of a failed exactly-once run to read_committed consumers', async () => {
    const input = await createTopic(1);
    const output = await createTopic(1);
    await produce(input, 1, 300);
    const r = await run(
      job(
        [
          kafkaSource(input, uniqueName('rt-group')),
          python('clean', STEP),
          sink(
            'out',
            'kafka',
            {
              topic: output,
              'properties.bootstrap.servers': KAFKA_BROKERS,
              format: 'json',
              'sink.delivery-guarantee': 'exactly-once',
            },
            EVENT_COLUMNS,
          ),
        ],
        ['events->clean', 'clean->out'],
      ),
      { params: { fail_at: 250 }, batchSize: 100 },
    );
    expect(r.outcome.status).toBe('failed');
    // Two batches (160 records) were produced inside the transaction before the failure.
    expect(r.node('out').recordsOut).toBe(160);
    // The records were written, in a transaction that was aborted rather than left open: the last
    // stable offset (what kafkajs reports as the end) moves past them once the broker wrote the
    // abort markers, which it does just after answering the abort.
    const deadline = Date.now() + 10_000;
    let stable = 0;
    while (stable < 160 && Date.now() < deadline) {
      const [end] = await admin.fetchTopicOffsets(output);
      stable = Number(end?.high);
      if (stable < 160) await new Promise((done) => setTimeout(done, 100));
    }
    expect(stable).toBeGreaterThanOrEqual(160);
    expect(await readTopic(output)).toHaveLength(0);
  });

  it('refuses to commit into a consumer group that other consumers are using', async () => {
    const input = await createTopic(1);
    const group = uniqueName('rt-busy');
    await produce(input, 1, 3);
    const other = kafka.consumer({ groupId: group, maxWaitTimeInMs: 200 });
    await other.connect();
    // The other member reads another topic: the group is busy, yet its offsets of `input` stay unset.
    await other.subscribe({ topics: [await createTopic(1)] });
    const joined = new Promise((resolve) => other.on(other.events.GROUP_JOIN, resolve));
    await other.run({ eachMessage: async () => {} });
    await joined;
    try {
      const r = await run(job([kafkaSource(input, group), sink('out', 'print', {}, [])], ['events->out']));
      expect(r.outcome.status).toBe('failed');
      expect(r.outcome.error?.message).toBe(
        `source 'events': cannot commit offsets for consumer group \`${group}\`: the group is Stable with active members (another consumer uses the same properties.group.id)`,
      );
      // The data itself went through; only the acknowledgement was refused.
      expect(r.node('out')).toMatchObject({ status: 'succeeded', recordsIn: 3 });
    } finally {
      await other.disconnect();
    }
  });

  it('fails with a clear message when the topic does not exist', async () => {
    const r = await run(
      job([kafkaSource('rt-no-such-topic', 'g'), sink('out', 'print', {}, [])], ['events->out']),
    );
    expect(r.outcome.status).toBe('failed');
    expect(r.outcome.error?.message).toBe(
      `source 'events': topic \`rt-no-such-topic\` does not exist on ${KAFKA_BROKERS} (create it first; batch runs never create topics)`,
    );
  });

  it('reads raw and csv values', async () => {
    const input = await createTopic(1);
    await producer.send({
      topic: input,
      messages: [{ value: '1,"hello, world",2024-05-01 10:00:00' }, { value: '2,plain,' }],
    });
    const r = await run(
      job(
        [
          source(
            'lines',
            'kafka',
            {
              topic: input,
              'properties.bootstrap.servers': KAFKA_BROKERS,
              format: 'raw',
              'scan.startup.mode': 'earliest-offset',
            },
            [column('line', 'STRING')],
          ),
          source(
            'rows',
            'kafka',
            {
              topic: input,
              'properties.bootstrap.servers': KAFKA_BROKERS,
              format: 'csv',
              'scan.startup.mode': 'earliest-offset',
            },
            [column('id', 'INT'), column('text', 'STRING'), column('at', 'TIMESTAMP(0)')],
          ),
          sink('print_lines', 'print', { 'print-identifier': 'raw' }, []),
          sink('print_rows', 'print', { 'print-identifier': 'csv' }, []),
        ],
        ['lines->print_lines', 'rows->print_rows'],
      ),
    );
    expect(r.outcome.error).toBeUndefined();
    expect(
      r.logs
        .filter((l) => l.stream === 'print')
        .map((l) => l.message)
        .sort(),
    ).toEqual([
      'csv> +I{"id":1,"text":"hello, world","at":"2024-05-01T10:00:00"}',
      'csv> +I{"id":2,"text":"plain","at":null}',
      'raw> +I{"line":"1,\\"hello, world\\",2024-05-01 10:00:00"}',
      'raw> +I{"line":"2,plain,"}',
    ]);
  });
});
