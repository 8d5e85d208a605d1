import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stack, uniqueName } from './stack-env.js';

// BullMQ needs maxRetriesPerRequest: null on connections used by workers (blocking commands).
const connection = () => new Redis(stack.redisUrl, { maxRetriesPerRequest: null });

describe('Redis + BullMQ (local stack)', () => {
  const queueName = uniqueName('stack_bullmq');
  const redis = connection();
  let queue: Queue;
  let events: QueueEvents;
  let worker: Worker | undefined;

  beforeAll(async () => {
    queue = new Queue(queueName, { connection: connection() });
    events = new QueueEvents(queueName, { connection: connection() });
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await worker?.close();
    await events?.close();
    // obliterate removes every key of the queue, so the shared Redis keeps no trace of the test.
    await queue?.obliterate({ force: true });
    await queue?.close();
    redis.disconnect();
  });

  it('runs with the settings BullMQ requires: noeviction and append-only persistence', async () => {
    expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await redis.info('server')).toMatch(/redis_version:7\./);
  });

  it('round-trips a job: the worker receives the payload and its result reaches the producer', async () => {
    const seen: string[] = [];
    worker = new Worker<{ words: string[] }, { joined: string; count: number }>(
      queueName,
      async (job) => {
        seen.push(job.name);
        return { joined: job.data.words.join(' '), count: job.data.words.length };
      },
      { connection: connection(), concurrency: 2 },
    );

    const job = await queue.add('stack.echo', { words: ['hello', 'from', 'bullmq'] });
    const result = await job.waitUntilFinished(events, 30_000);

    expect(result).toEqual({ joined: 'hello from bullmq', count: 3 });
    expect(seen).toEqual(['stack.echo']);
    const stored = await Job.fromId(queue, job.id!);
    expect(await stored?.getState()).toBe('completed');
    expect(stored?.returnvalue).toEqual(result);
  });

  it('reports a failing job as failed with its error message after the configured attempts', async () => {
    const failing = new Worker(
      `${queueName}_failing`,
      async () => {
        throw new Error('step exploded');
      },
      { connection: connection() },
    );
    const failQueue = new Queue(`${queueName}_failing`, { connection: connection() });
    const failEvents = new QueueEvents(`${queueName}_failing`, { connection: connection() });
    try {
      await failEvents.waitUntilReady();
      const job = await failQueue.add(
        'stack.fail',
        {},
        { attempts: 2, backoff: { type: 'fixed', delay: 10 } },
      );
      await expect(job.waitUntilFinished(failEvents, 30_000)).rejects.toThrow('step exploded');
      const stored = await Job.fromId(failQueue, job.id!);
      expect(await stored?.getState()).toBe('failed');
      expect(stored?.attemptsMade).toBe(2);
    } finally {
      await failing.close();
      await failEvents.close();
      await failQueue.obliterate({ force: true });
      await failQueue.close();
    }
  });
});
