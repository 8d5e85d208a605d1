import { type Message, Partitioners, type Producer, type Transaction } from 'kafkajs';
import type { StepRecord } from '../python-step-host.js';
import { recordValueConverter } from '../record-values.js';
import {
  type ConnectorContext,
  enumOption,
  nodeError,
  option,
  type SinkWriter,
  type TableSpec,
  typedColumns,
} from './connector.js';
import { assertTopicsExist, describeKafkaError, kafkaFor, topicsOf } from './kafka-client.js';
import { encoderFor, formatOptions } from './record-formats.js';

/** Upper bound of an exactly-once run's transaction: the broker's default `transaction.max.timeout.ms`. */
const TRANSACTION_TIMEOUT_MS = 15 * 60_000;

/**
 * `kafka` sink: one message per record, value in `format` (json/csv/raw), key from `key.fields` in
 * `key.format` (else no key), writable metadata `timestamp` and `headers`. Each batch is awaited
 * (acks from all in-sync replicas) before the next is accepted, so nothing is left to flush at the
 * end. `sink.delivery-guarantee`:
 * - `at-least-once` (default): idempotent producer; a failed run keeps what it already sent.
 * - `exactly-once`: one Kafka transaction per run, committed in `commit` and aborted on failure, so
 *   `read_committed` consumers see all of a run or nothing (the run must finish within 15 minutes).
 * - `none`: leader ack only.
 */
export async function openKafkaSink(spec: TableSpec, ctx: ConnectorContext): Promise<SinkWriter> {
  const topics = topicsOf(spec);
  if (topics.length !== 1) throw nodeError(spec, 'option `topic` must name exactly one topic for a sink');
  const topic = topics[0] as string;
  const { kafka, brokers } = kafkaFor(spec, ctx);
  const guarantee = enumOption(
    spec,
    'sink.delivery-guarantee',
    ['at-least-once', 'exactly-once', 'none'],
    'at-least-once',
  );
  const columns = typedColumns(spec, (m) => ctx.log('warn', m));
  const physical = columns.filter((c) => c.role === 'physical');
  const writableMeta = columns.filter((c) => c.role === 'metadata' && !c.virtual);
  for (const c of writableMeta) {
    if (c.key !== 'timestamp' && c.key !== 'headers') {
      throw nodeError(
        spec,
        `metadata column \`${c.name}\`: key \`${c.key}\` is read-only; declare it VIRTUAL`,
      );
    }
  }
  const keyFields = (option(spec, 'key.fields') ?? '')
    .split(';')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  for (const f of keyFields) {
    if (!physical.some((c) => c.name === f))
      throw nodeError(spec, `option \`key.fields\`: \`${f}\` is not a declared column`);
  }
  const include = enumOption(spec, 'value.fields-include', ['all', 'except-key'], 'all');
  const prefix = option(spec, 'key.fields-prefix') ?? '';
  const keyColumns = physical.filter((c) => keyFields.includes(c.name));
  const valueColumns =
    include === 'except-key' ? physical.filter((c) => !keyFields.includes(c.name)) : physical;
  const encodeValue = encoderFor(spec, valueColumns, formatOptions(spec, ['value.format', 'format']));
  let encodeKey: ((r: StepRecord, where: () => string) => string | Buffer) | undefined;
  if (keyColumns.length > 0) {
    if (option(spec, 'key.format') === undefined)
      throw nodeError(spec, 'option `key.format` is required with `key.fields`');
    const renamed = keyColumns.map((c) => ({
      ...c,
      name: c.name.slice(c.name.startsWith(prefix) ? prefix.length : 0),
    }));
    const encode = encoderFor(spec, renamed, formatOptions(spec, ['key.format'], 'key.'));
    encodeKey = (record, where) => {
      const keyRecord: StepRecord = {};
      keyColumns.forEach((c, i) => {
        keyRecord[(renamed[i] as { name: string }).name] = record[c.name];
      });
      return encode(keyRecord, where);
    };
  }
  const timestampColumn = writableMeta.find((c) => c.key === 'timestamp');
  const headersColumn = writableMeta.find((c) => c.key === 'headers');
  const toInstant = timestampColumn ? recordValueConverter(timestampColumn.type) : undefined;

  const admin = kafka.admin();
  try {
    await admin.connect();
    await assertTopicsExist(spec, [topic], await admin.listTopics(), brokers);
  } catch (err) {
    throw describeKafkaError(spec, brokers, err, 'check the topic');
  } finally {
    await admin.disconnect().catch(() => {});
  }

  const exactlyOnce = guarantee === 'exactly-once';
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner, // Java-compatible murmur2 on the key, as Flink's default
    allowAutoTopicCreation: false,
    idempotent: guarantee !== 'none',
    maxInFlightRequests: guarantee === 'none' ? undefined : 1,
    ...(exactlyOnce
      ? {
          transactionalId: `${option(spec, 'sink.transactional-id-prefix') ?? `sluice.${ctx.jobName}`}.${spec.name}`,
          transactionTimeout: TRANSACTION_TIMEOUT_MS,
        }
      : {}),
  });
  let transaction: Transaction | undefined;
  try {
    await producer.connect();
    if (exactlyOnce) transaction = await producer.transaction();
  } catch (err) {
    await producer.disconnect().catch(() => {});
    throw describeKafkaError(spec, brokers, err, 'connect the producer');
  }
  ctx.log('info', `producing to \`${topic}\` on ${brokers.join(',')} (${guarantee})`);

  let sent = 0;
  let finished = false;
  let inFlight: Promise<unknown> = Promise.resolve();
  let aborting: Promise<void> | undefined;
  const toMessage = (record: StepRecord, n: number): Message => {
    const where = () => `record ${n}`;
    const message: Message = { value: encodeValue(record, where) };
    if (encodeKey) message.key = encodeKey(record, where);
    if (timestampColumn && toInstant) {
      const ts = toInstant(record[timestampColumn.name]) as string | null;
      if (ts !== null) message.timestamp = String(Date.parse(ts));
    }
    if (headersColumn) {
      const headers = record[headersColumn.name];
      if (headers && typeof headers === 'object') {
        message.headers = Object.fromEntries(
          Object.entries(headers as Record<string, unknown>).map(([k, v]) => [
            k,
            typeof v === 'string' ? Buffer.from(v, 'base64') : Buffer.from(JSON.stringify(v)),
          ]),
        );
      }
    }
    return message;
  };

  return {
    async write(records) {
      const messages = records.map((r, i) => toMessage(r, sent + i + 1));
      try {
        const target = transaction ?? producer;
        const sending = target.send({ topic, messages, acks: guarantee === 'none' ? 1 : -1 });
        inFlight = sending.catch(() => {});
        await sending;
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        throw describeKafkaError(spec, brokers, err, `produce to \`${topic}\``);
      }
      sent += messages.length;
    },
    async commit() {
      try {
        await transaction?.commit();
      } catch (err) {
        throw describeKafkaError(spec, brokers, err, `commit the transaction on \`${topic}\``);
      } finally {
        finished = true;
        await producer.disconnect().catch(() => {});
      }
      ctx.log('info', `produced ${sent} messages to \`${topic}\``);
    },
    abort() {
      if (finished) return Promise.resolve();
      aborting ??= (async () => {
        // A transaction can only end once its last send settled; an abandoned open transaction
        // would hold back read_committed consumers of the topic until the broker times it out.
        await inFlight;
        if (transaction) {
          await transaction.abort().catch((err: unknown) => {
            ctx.log('warn', `could not abort the transaction on \`${topic}\`: ${(err as Error).message}`);
          });
        }
        finished = true;
        await producer.disconnect().catch(() => {});
      })();
      return aborting;
    },
  };
}
