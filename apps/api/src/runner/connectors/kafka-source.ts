import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { AsyncQueue } from '../async-queue.js';
import type { StepRecord } from '../python-step-host.js';
import {
  type ConnectorContext,
  enumOption,
  nodeError,
  option,
  type SourceReader,
  type TableSpec,
  type TypedColumn,
  typedColumns,
} from './connector.js';
import { assertTopicsExist, describeKafkaError, kafkaFor, topicsOf } from './kafka-client.js';
import { type Decoder, decoderFor, formatOptions } from './record-formats.js';

/** One partition's slice of the run: offsets `[start, end)`. */
interface PartitionRange {
  topic: string;
  partition: number;
  start: number;
  end: number;
  /** Next offset expected; messages below it are redeliveries and skipped. */
  next: number;
  done: boolean;
}

const STARTUP_MODES = [
  'group-offsets',
  'earliest-offset',
  'latest-offset',
  'timestamp',
  'specific-offsets',
] as const;
const BOUNDED_MODES = [
  'latest-offset',
  'unbounded',
  'timestamp',
  'specific-offsets',
  'group-offsets',
] as const;
/** Metadata keys of Flink's Kafka source that a batch run fills. */
const METADATA_KEYS = [
  'topic',
  'partition',
  'offset',
  'timestamp',
  'timestamp-type',
  'headers',
  'leader-epoch',
];

/** `partition:0,offset:42;partition:1,offset:300` (Flink's `scan.*.specific-offsets`). */
export function parseSpecificOffsets(spec: TableSpec, key: string): Map<number, number> {
  const text = option(spec, key);
  const out = new Map<number, number>();
  if (text === undefined) throw nodeError(spec, `option \`${key}\` is required by its mode`);
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const m = /^\s*partition\s*:\s*(\d+)\s*,\s*offset\s*:\s*(\d+)\s*$/.exec(part);
    if (!m) throw nodeError(spec, `option \`${key}\`: "${part}" is not partition:<n>,offset:<n>`);
    out.set(Number(m[1]), Number(m[2]));
  }
  return out;
}

function timestampOption(spec: TableSpec, key: string): number {
  const raw = option(spec, key);
  const ms = Number(raw);
  if (raw === undefined || !Number.isSafeInteger(ms) || ms < 0) {
    throw nodeError(spec, `option \`${key}\` must be epoch milliseconds (got ${JSON.stringify(raw ?? '')})`);
  }
  return ms;
}

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
  const decode = messageDecoder(spec, columns);
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

async function planRanges(
  spec: TableSpec,
  admin: Admin,
  topics: readonly string[],
  groupId: string,
  startMode: (typeof STARTUP_MODES)[number],
  boundedMode: (typeof BOUNDED_MODES)[number],
  reset: 'earliest' | 'latest' | 'none',
  ctx: ConnectorContext,
): Promise<PartitionRange[]> {
  const ranges: PartitionRange[] = [];
  const committed = new Map<string, number>();
  if (startMode === 'group-offsets' || startMode === 'specific-offsets' || boundedMode === 'group-offsets') {
    for (const t of await admin.fetchOffsets({ groupId, topics: [...topics] })) {
      for (const p of t.partitions) committed.set(`${t.topic}:${p.partition}`, Number(p.offset));
    }
  }
  for (const topic of topics) {
    const watermarks = await admin.fetchTopicOffsets(topic);
    const byTimestamp = async (key: string) => {
      const ts = timestampOption(spec, key);
      const found = await admin.fetchTopicOffsetsByTimestamp(topic, ts);
      return new Map(found.map((f) => [f.partition, Number(f.offset)]));
    };
    const startTs =
      startMode === 'timestamp' ? await byTimestamp('scan.startup.timestamp-millis') : undefined;
    const endTs =
      boundedMode === 'timestamp' ? await byTimestamp('scan.bounded.timestamp-millis') : undefined;
    const startSpecific =
      startMode === 'specific-offsets'
        ? parseSpecificOffsets(spec, 'scan.startup.specific-offsets')
        : undefined;
    const endSpecific =
      boundedMode === 'specific-offsets'
        ? parseSpecificOffsets(spec, 'scan.bounded.specific-offsets')
        : undefined;

    for (const w of watermarks) {
      const low = Number(w.low);
      const high = Number(w.high);
      const groupOffset = () => {
        const c = committed.get(`${topic}:${w.partition}`) ?? -1;
        if (c >= 0) return c;
        if (reset === 'none') {
          throw nodeError(
            spec,
            `group \`${groupId}\` has no committed offset for ${topic}[${w.partition}] and properties.auto.offset.reset is none`,
          );
        }
        return reset === 'earliest' ? low : high;
      };
      let start: number;
      switch (startMode) {
        case 'earliest-offset':
          start = low;
          break;
        case 'latest-offset':
          start = high;
          break;
        case 'timestamp': {
          const o = startTs?.get(w.partition) ?? -1;
          start = o < 0 ? high : o;
          break;
        }
        case 'specific-offsets':
          start = startSpecific?.get(w.partition) ?? groupOffset();
          break;
        default:
          start = groupOffset();
      }
      let end: number;
      switch (boundedMode) {
        case 'timestamp': {
          const o = endTs?.get(w.partition) ?? -1;
          end = o < 0 ? high : o;
          break;
        }
        case 'specific-offsets':
          end = endSpecific?.get(w.partition) ?? high;
          break;
        case 'group-offsets':
          end = committed.get(`${topic}:${w.partition}`) ?? high;
          break;
        default:
          end = high; // latest-offset; `unbounded` too: a batch run always stops at the end seen at start
      }
      end = Math.min(Math.max(end, low), high);
      if (start < low) {
        ctx.log(
          'warn',
          `${topic}[${w.partition}]: offset ${start} was already deleted by retention; starting at ${low}`,
        );
        start = low;
      }
      start = Math.min(start, end);
      ranges.push({ topic, partition: w.partition, start, end, next: start, done: start >= end });
    }
  }
  return ranges;
}

/** Builds the record decoder: key fields from the key (`key.format` + `key.fields`), the rest from the value. */
function messageDecoder(
  spec: TableSpec,
  columns: readonly TypedColumn[],
): (message: KafkaMessage, topic: string, partition: number, where: () => string) => StepRecord | null {
  const physical = columns.filter((c) => c.role === 'physical');
  const metadata = columns.filter((c) => c.role === 'metadata');
  const keyFields = (option(spec, 'key.fields') ?? '')
    .split(';')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  for (const f of keyFields) {
    if (!physical.some((c) => c.name === f))
      throw nodeError(spec, `option \`key.fields\`: \`${f}\` is not a declared column`);
  }
  const prefix = option(spec, 'key.fields-prefix') ?? '';
  const include = enumOption(spec, 'value.fields-include', ['all', 'except-key'], 'all');
  const keyColumns = physical.filter((c) => keyFields.includes(c.name));
  const valueColumns =
    include === 'except-key' ? physical.filter((c) => !keyFields.includes(c.name)) : physical;
  let keyDecoder: Decoder | undefined;
  if (keyColumns.length > 0) {
    if (option(spec, 'key.format') === undefined)
      throw nodeError(spec, 'option `key.format` is required with `key.fields`');
    const stripped = keyColumns.map((c) => ({
      ...c,
      name: c.name.startsWith(prefix) ? c.name.slice(prefix.length) : c.name,
    }));
    keyDecoder = decoderFor(spec, stripped, formatOptions(spec, ['key.format'], 'key.'));
  }
  const valueDecoder = decoderFor(spec, valueColumns, formatOptions(spec, ['value.format', 'format']));

  return (message, topic, partition, where) => {
    if (message.value === null) return null; // a tombstone carries no row
    const record = valueDecoder(message.value, where);
    if (record === null) return null;
    if (keyDecoder) {
      const key = message.key === null ? null : keyDecoder(message.key, () => `${where()} (key)`);
      keyColumns.forEach((c) => {
        const name = c.name.startsWith(prefix) ? c.name.slice(prefix.length) : c.name;
        record[c.name] = key === null ? null : (key[name] ?? null);
      });
    }
    for (const c of metadata) {
      switch (c.key) {
        case 'topic':
          record[c.name] = topic;
          break;
        case 'partition':
          record[c.name] = partition;
          break;
        case 'offset':
          record[c.name] = Number(message.offset);
          break;
        case 'timestamp':
          record[c.name] = new Date(Number(message.timestamp)).toISOString();
          break;
        case 'headers': {
          const headers: Record<string, string | null> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) {
            const value = Array.isArray(v) ? v[v.length - 1] : v;
            headers[k] = value === undefined ? null : Buffer.from(value).toString('base64');
          }
          record[c.name] = headers;
          break;
        }
        default:
          record[c.name] = null;
      }
    }
    return record;
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
  decode: ReturnType<typeof messageDecoder>,
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
