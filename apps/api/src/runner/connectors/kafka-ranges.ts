import type { Admin } from 'kafkajs';
import { type ConnectorContext, nodeError, option, type TableSpec } from './connector.js';

/** One partition's slice of the run: offsets `[start, end)`. */
export interface PartitionRange {
  topic: string;
  partition: number;
  start: number;
  end: number;
  /** Next offset expected; messages below it are redeliveries and skipped. */
  next: number;
  done: boolean;
}

export const STARTUP_MODES = [
  'group-offsets',
  'earliest-offset',
  'latest-offset',
  'timestamp',
  'specific-offsets',
] as const;
export const BOUNDED_MODES = [
  'latest-offset',
  'unbounded',
  'timestamp',
  'specific-offsets',
  'group-offsets',
] as const;
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
 * The offsets a run reads, per partition: from the start the options choose to the end they bound
 * (by default the end offsets seen now, which for kafkajs are the last stable offsets, so a run
 * never waits on an open transaction). Starts are clamped into what retention kept.
 */
export async function planRanges(
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
