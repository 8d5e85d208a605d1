import type { KafkaMessage } from 'kafkajs';
import type { StepRecord } from '../python-step-host.js';
import { enumOption, nodeError, option, type TableSpec, type TypedColumn } from './connector.js';
import { type Decoder, decoderFor, formatOptions } from './record-formats.js';

/** Metadata keys of Flink's Kafka source that a batch run fills. */
export const METADATA_KEYS = [
  'topic',
  'partition',
  'offset',
  'timestamp',
  'timestamp-type',
  'headers',
  'leader-epoch',
];

/** Builds the record decoder: key fields from the key (`key.format` + `key.fields`), the rest from the value. */
export function kafkaMessageDecoder(
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
