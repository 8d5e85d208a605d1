import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { AsyncQueue } from '../async-queue.js';
import type { StepRecord } from '../python-step-host.js';
import {
  type ConnectorContext,
  enumOption,
  nodeError,
  option,
  type SourceReader,
  type TableSpec,
  typedColumns,
} from './connector.js';
import { assertTopicsExist, describeKafkaError, kafkaFor, topicsOf } from './kafka-client.js';
import { kafkaMessageDecoder, METADATA_KEYS } from './kafka-message-decoder.js';
import { BOUNDED_MODES, type PartitionRange, planRanges, STARTUP_MODES } from './kafka-ranges.js';

/**
 * `kafka` source for a batch run: a bounded range per partition, from the start the options choose
 * (`scan.startup.mode`, Flink's default `group-offsets`) to the end offsets seen when the run
 * started. Offsets are committed to the job's consumer group only in `commit`, after every sink
 * committed, so a failed run is read again next time.
 *
 * Reading uses a throwaway consumer group whose offsets are set to the range starts before it
 * joins: kafkajs cannot assign partitions by hand, and seeking after `run()` races its first fetch.
 */
export async function openKafkaSource(spec: TableSpec, ctx: ConnectorContext): Promise<SourceReader> {
  const topics = topicsOf(spec);
  const { kafka, brokers } = kafkaFor(spec, ctx);
  const columns = typedColumns(spec, (m) => ctx.log('warn', m));
  for (const c of columns) {
    if (c.role === 'metadata' && !METADATA_KEYS.includes(c.key as string)) {
      throw nodeError(
        spec,
        `metadata column \`${c.name}\`: the kafka connector has no metadata key \`${c.key}\``,
      );
    }
  }
  const decode = kafkaMessageDecoder(spec, columns);
  const groupId = option(spec, 'properties.group.id') ?? `sluice.${ctx.jobName}.${spec.name}`;
  const startMode = enumOption(spec, 'scan.startup.mode', STARTUP_MODES, 'group-offsets');
  const boundedMode = enumOption(spec, 'scan.bounded.mode', BOUNDED_MODES, 'latest-offset');
  const reset = enumOption(spec, 'properties.auto.offset.reset', ['earliest', 'latest', 'none'], 'earliest');
  if (boundedMode === 'unbounded') {
    ctx.log(
      'info',
      'scan.bounded.mode is unbounded: a scheduled run still stops at the end offsets seen when it starts',
    );
  }

  const admin = kafka.admin();
  let ranges: PartitionRange[];
  try {
    await admin.connect();
    await assertTopicsExist(spec, topics, await admin.listTopics(), brokers);
    ranges = await planRanges(spec, admin, topics, groupId, startMode, boundedMode, reset, ctx);
  } catch (err) {
    await admin.disconnect().catch(() => {});
    throw describeKafkaError(spec, brokers, err, 'read topic offsets');
  }
  const total = ranges.reduce((n, r) => n + (r.end - r.start), 0);
  ctx.log(
    'info',
    `reading up to ${total} messages from ${topics.map((t) => `\`${t}\``).join(', ')} ` +
      `(${startMode} to ${boundedMode === 'unbounded' ? 'latest-offset' : boundedMode}, group \`${groupId}\`): ` +
      ranges.map((r) => `${r.topic}[${r.partition}] ${r.start}..${r.end}`).join(', '),
  );

  const readGroup = `${groupId}.sluice-run.${ctx.runId}`;
  let consumer: Consumer | undefined;
  let drained = false;
  let closed = false;
  const queue = new AsyncQueue<StepRecord[]>(1);

  const stopConsumer = async () => {
    const c = consumer;
    consumer = undefined;
    if (!c) return;
    await c.disconnect().catch(() => {});
    // The read group never committed anything; delete it so it does not linger in group listings.
    await admin.deleteGroups([readGroup]).catch(() => {});
  };

  return {
    async *batches() {
      if (ranges.every((r) => r.done)) {
        drained = true;
        return;
      }
      consumer = await startConsumer(
        spec,
        ctx,
        kafka,
        readGroup,
        brokers,
        topics,
        ranges,
        decode,
        queue,
      ).catch((err: unknown) => {
        throw describeKafkaError(spec, brokers, err, 'start consuming');
      });
      for (;;) {
        const batch = await queue.next();
        if (batch === undefined) break;
        yield batch;
      }
      drained = true;
      await stopConsumer();
    },
    async commit() {
      if (!drained) return;
      await commitGroupOffsets(spec, kafka, admin, groupId, ranges);
      ctx.log(
        'info',
        `committed offsets of group \`${groupId}\`: ${ranges.map((r) => `${r.topic}[${r.partition}]=${r.end}`).join(', ')}`,
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      queue.fail(new Error('source closed'));
      await stopConsumer();
      await admin.disconnect().catch(() => {});
    },
  };
}

async function startConsumer(
  spec: TableSpec,
  ctx: ConnectorContext,
  kafka: Kafka,
  readGroup: string,
  brokers: readonly string[],
  topics: readonly string[],
  ranges: PartitionRange[],
  decode: ReturnType<typeof kafkaMessageDecoder>,
  queue: AsyncQueue<StepRecord[]>,
): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: readGroup,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 500,
    // A crashed consumer fails the run instead of restarting and re-reading from the start.
    retry: { retries: 3, restartOnFailure: async () => false },
  });
  const byKey = new Map(ranges.map((r) => [`${r.topic}:${r.partition}`, r]));
  let pending: StepRecord[] = [];
  let finished = false;

  const finishIfDone = async () => {
    if (finished || !ranges.every((r) => r.done)) return;
    finished = true;
    const last = pending;
    pending = [];
    if (last.length > 0) await queue.push(last);
    queue.end();
  };
  const markDone = (range: PartitionRange) => {
    if (range.done) return;
    range.done = true;
    consumer.pause([{ topic: range.topic, partitions: [range.partition] }]);
  };

  // GROUP_JOIN is emitted synchronously after the group assigned partitions and before the first
  // fetch, so seeks made here are the positions of the first fetch (no race with committed offsets).
  consumer.on(consumer.events.GROUP_JOIN, () => {
    for (const r of ranges)
      consumer.seek({ topic: r.topic, partition: r.partition, offset: String(r.start) });
  });
  consumer.on(consumer.events.CRASH, (event) => {
    queue.fail(describeKafkaError(spec, brokers, event.payload.error, 'consume'));
  });
  // Batches made only of transaction markers or compacted-away records never reach eachBatch;
  // their end offset still tells that a partition reached the end of its range.
  consumer.on(consumer.events.END_BATCH_PROCESS, async (event) => {
    const range = byKey.get(`${event.payload.topic}:${event.payload.partition}`);
    if (range && Number(event.payload.lastOffset) + 1 >= range.end) {
      markDone(range);
      await finishIfDone().catch((err: unknown) => queue.fail(err));
    }
  });

  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 1,
    eachBatch: async ({ batch, heartbeat, isRunning }: EachBatchPayload) => {
      const range = byKey.get(`${batch.topic}:${batch.partition}`);
      if (!range || range.done) return;
      // Errors go to the queue, never back to kafkajs: it would retry the batch, and the retry would
      // skip the records already counted in `range.next`.
      try {
        for (const message of batch.messages) {
          if (!isRunning() || ctx.signal.aborted) return;
          const offset = Number(message.offset);
          if (offset < range.next) continue;
          if (offset >= range.end) {
            markDone(range);
            break;
          }
          range.next = offset + 1;
          const record = decode(
            message,
            batch.topic,
            batch.partition,
            () => `${batch.topic}[${batch.partition}] offset ${offset}`,
          );
          if (record !== null) pending.push(record);
          if (pending.length >= ctx.batchSize) {
            const full = pending;
            pending = [];
            await pushWithHeartbeat(queue, full, heartbeat);
          }
          if (range.next >= range.end) markDone(range);
        }
        await finishIfDone();
      } catch (err) {
        queue.fail(err);
      }
    },
  });
  for (const r of ranges) if (r.done) consumer.pause([{ topic: r.topic, partitions: [r.partition] }]);
  return consumer;
}

/** Keeps the group membership alive while the pipeline is slow to take the next batch. */
async function pushWithHeartbeat(
  queue: AsyncQueue<StepRecord[]>,
  batch: StepRecord[],
  heartbeat: () => Promise<void>,
): Promise<void> {
  const timer = setInterval(() => {
    heartbeat().catch(() => {});
  }, 3_000);
  try {
    await queue.push(batch);
  } finally {
    clearInterval(timer);
  }
}

/**
 * Commits the range ends to the job's consumer group. kafkajs has no admin call for this that is
 * fast (its `setOffsets` waits a whole fetch timeout), so a short-lived member joins the group,
 * commits and leaves. The group must be empty: joining a group that other consumers use would
 * rebalance them, so that is refused with a message instead.
 */
async function commitGroupOffsets(
  spec: TableSpec,
  kafka: Kafka,
  admin: Admin,
  groupId: string,
  ranges: readonly PartitionRange[],
): Promise<void> {
  const fail = (reason: string, cause?: unknown) =>
    nodeError(spec, `cannot commit offsets for consumer group \`${groupId}\`: ${reason}`, cause);
  const { groups } = await admin.describeGroups([groupId]).catch((err: unknown) => {
    throw fail((err as Error).message, err);
  });
  const state = groups[0]?.state ?? 'Dead';
  if (state !== 'Empty' && state !== 'Dead') {
    throw fail(
      `the group is ${state} with active members (another consumer uses the same properties.group.id)`,
    );
  }
  const topics = [...new Set(ranges.map((r) => r.topic))];
  const committer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 100,
    retry: { retries: 3, restartOnFailure: async () => false },
  });
  try {
    await committer.connect();
    await committer.subscribe({ topics, fromBeginning: false });
    // Paused as soon as it joins: this member only commits, it never fetches a record.
    committer.on(committer.events.GROUP_JOIN, () => committer.pause(topics.map((topic) => ({ topic }))));
    await committer.run({ autoCommit: false, eachBatch: async () => {} });
    await committer.commitOffsets(
      ranges.map((r) => ({ topic: r.topic, partition: r.partition, offset: String(r.end) })),
    );
  } catch (err) {
    throw fail((err as Error).message, err);
  } finally {
    await committer.disconnect().catch(() => {});
  }
}
