import { type Admin, Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil, stack, uniqueName } from './stack-env.js';

describe('Kafka via kafkajs (local stack)', () => {
  const kafka = new Kafka({
    clientId: 'sluice-stack-test',
    brokers: stack.kafkaBrokers,
    logLevel: logLevel.WARN,
    retry: { retries: 5 },
  });
  const topic = uniqueName('stack_kafka');
  const groupId = uniqueName('stack_kafka_group');
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 2, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
  });

  afterAll(async () => {
    if (!admin) return;
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  });

  it('produces keyed messages and consumes every one of them in a fresh consumer group', async () => {
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000 });
    const received: { key: string; value: string; partition: number }[] = [];
    try {
      await producer.connect();
      const sent = Array.from({ length: 20 }, (_, i) => ({
        key: `host-${i % 4}`,
        value: JSON.stringify({ contents: { content: `line ${i}: GET /api/health 200` } }),
      }));
      await producer.send({ topic, messages: sent, acks: -1 });

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message, partition }) => {
          received.push({ key: String(message.key), value: String(message.value), partition });
        },
      });

      await pollUntil('20 consumed messages', async () => (received.length >= 20 ? true : undefined), {
        timeoutMs: 60_000,
      });
      expect(received.map((m) => m.value).sort()).toEqual(sent.map((m) => m.value).sort());
      // Same key, same partition: what keeps one host's lines in order.
      const partitionsByKey = new Map<string, Set<number>>();
      for (const m of received) {
        partitionsByKey.set(m.key, (partitionsByKey.get(m.key) ?? new Set()).add(m.partition));
      }
      for (const partitions of partitionsByKey.values()) expect(partitions.size).toBe(1);

      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets.map((o) => Number(o.high)).reduce((a, b) => a + b, 0)).toBe(20);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });

  it('rejects producing to a topic that does not exist (auto topic creation is off)', async () => {
    const quiet = new Kafka({
      clientId: 'sluice-stack-test-missing',
      brokers: stack.kafkaBrokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 1, initialRetryTime: 100 },
    });
    const producer = quiet.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const missing = uniqueName('stack_kafka_missing');
    try {
      await producer.connect();
      await expect(producer.send({ topic: missing, messages: [{ value: 'x' }] })).rejects.toThrow(
        /does not host this topic-partition|unknown topic/i,
      );
    } finally {
      await producer.disconnect();
    }
    const topics = await admin.listTopics();
    expect(topics).not.toContain(missing);
  });
});
