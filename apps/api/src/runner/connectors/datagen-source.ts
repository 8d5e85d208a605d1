import { setTimeout as sleep } from 'node:timers/promises';
import type { StepRecord } from '../python-step-host.js';
import {
  type ConnectorContext,
  intOption,
  nodeError,
  option,
  type SourceReader,
  type TableSpec,
  type TypedColumn,
  typedColumns,
} from './connector.js';

/** Small, fast, seedable PRNG (mulberry32): the same `seed` gives the same rows. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1_000,
  sec: 1_000,
  secs: 1_000,
  second: 1_000,
  seconds: 1_000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/**
 * Flink's duration syntax (`500 ms`, `30s`, `5 min`, `1 d`; a bare number is milliseconds).
 *
 * @example
 * parseDuration('5 min'); // 300000
 */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = m[2] === '' ? 1 : DURATION_UNITS[(m[2] as string).toLowerCase()];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

type Generator = (row: number) => unknown;

/**
 * `datagen` source: `number-of-rows` rows (required: a batch run must end), each field
 * `fields.<col>.kind` `random` (min/max, length, max-past, null-rate) or `sequence` (start..end,
 * which also ends the source when exhausted, as in Flink). `rows-per-second` throttles when set.
 * `seed` (an extension of Flink's options) makes the random values repeatable; timestamps are
 * relative to the run's start, as Flink's are relative to now.
 */
export async function openDatagenSource(spec: TableSpec, ctx: ConnectorContext): Promise<SourceReader> {
  const columns = typedColumns(spec, (m) => ctx.log('warn', m));
  const meta = columns.find((c) => c.role === 'metadata');
  if (meta) throw nodeError(spec, `the datagen connector has no metadata column \`${meta.name}\``);
  if (option(spec, 'number-of-rows') === undefined) {
    throw nodeError(
      spec,
      'option `number-of-rows` is required in a batch run (an endless datagen never finishes)',
    );
  }
  let rows = intOption(spec, 'number-of-rows', 0);
  const rowsPerSecond =
    option(spec, 'rows-per-second') === undefined ? 0 : intOption(spec, 'rows-per-second', 0, 1);
  const seed =
    option(spec, 'seed') === undefined ? Math.floor(Math.random() * 2 ** 32) : intOption(spec, 'seed', 0);
  const random = prng(seed);
  const now = Date.now();
  const generators: Array<[string, Generator]> = [];
  for (const column of columns) {
    const { generator, limit } = fieldGenerator(spec, column, random, now);
    if (limit !== undefined) rows = Math.min(rows, limit);
    generators.push([column.name, generator]);
  }
  let stopped = false;
  ctx.log('info', `generating ${rows} rows${option(spec, 'seed') === undefined ? '' : ` (seed ${seed})`}`);

  return {
    async *batches() {
      const began = Date.now();
      for (let start = 0; start < rows && !stopped && !ctx.signal.aborted; start += ctx.batchSize) {
        const end = Math.min(rows, start + ctx.batchSize);
        const batch: StepRecord[] = new Array(end - start);
        for (let row = start; row < end; row++) {
          const record: StepRecord = {};
          for (const [name, generate] of generators) record[name] = generate(row);
          batch[row - start] = record;
        }
        if (rowsPerSecond > 0) {
          const due = began + (end / rowsPerSecond) * 1_000;
          const wait = due - Date.now();
          if (wait > 0) await sleep(wait, undefined, { signal: ctx.signal }).catch(() => {});
        }
        yield batch;
      }
    },
    async close() {
      stopped = true;
    },
  };
}

function numberOption(spec: TableSpec, key: string): number | undefined {
  const raw = option(spec, key);
  if (raw === undefined) return undefined;
  const n = Number(raw.trim());
  if (!Number.isFinite(n))
    throw nodeError(spec, `option \`${key}\` must be a number (got ${JSON.stringify(raw)})`);
  return n;
}

function fieldGenerator(
  spec: TableSpec,
  column: TypedColumn,
  random: () => number,
  now: number,
): { generator: Generator; limit?: number } {
  const key = (name: string) => `fields.${column.name}.${name}`;
  const kind = (option(spec, key('kind')) ?? 'random').toLowerCase();
  const nullRate = numberOption(spec, key('null-rate')) ?? 0;
  if (nullRate < 0 || nullRate > 1)
    throw nodeError(spec, `option \`${key('null-rate')}\` must be between 0 and 1`);
  const { family, root } = column.type;
  const withNulls = (g: Generator): Generator =>
    nullRate > 0 ? (row) => (random() < nullRate ? null : g(row)) : g;

  if (kind === 'sequence') {
    const start = numberOption(spec, key('start'));
    const end = numberOption(spec, key('end'));
    if (start === undefined || end === undefined) {
      throw nodeError(spec, `a sequence field needs \`${key('start')}\` and \`${key('end')}\``);
    }
    if (end < start) throw nodeError(spec, `option \`${key('end')}\` must be ≥ \`${key('start')}\``);
    const limit = end - start + 1;
    switch (family) {
      case 'int':
      case 'bigint':
      case 'float':
        return { generator: withNulls((row) => start + row), limit };
      case 'decimal':
        return { generator: withNulls((row) => (start + row).toFixed(column.type.scale ?? 0)), limit };
      case 'string':
        return { generator: withNulls((row) => String(start + row)), limit };
      default:
        throw nodeError(spec, `field \`${column.name}\`: a sequence cannot generate ${root}`);
    }
  }
  if (kind !== 'random') {
    throw nodeError(
      spec,
      `option \`${key('kind')}\` must be random or sequence (got ${JSON.stringify(kind)})`,
    );
  }

  const range = (lo: number, hi: number): [number, number] => {
    const min = numberOption(spec, key('min')) ?? lo;
    const max = numberOption(spec, key('max')) ?? hi;
    if (max < min) throw nodeError(spec, `option \`${key('max')}\` must be ≥ \`${key('min')}\``);
    return [min, max];
  };
  const length = intOption(spec, key('length'), 100, 0);
  // `var-len`: strings and bytes of a random length up to `length`, as Flink's generator makes them.
  const varLen = (option(spec, key('var-len')) ?? 'false').toLowerCase() === 'true';
  const sizeOf = (max: number) => (varLen ? Math.floor(random() * (max + 1)) : max);
  const maxPastRaw = option(spec, key('max-past'));
  const maxPast = maxPastRaw === undefined ? 0 : parseDuration(maxPastRaw);
  if (maxPast === undefined)
    throw nodeError(spec, `option \`${key('max-past')}\` is not a duration (e.g. 5 min)`);
  const pastInstant = () => new Date(now - Math.floor(random() * (maxPast + 1)));

  switch (family) {
    case 'int': {
      const [min, max] = range(column.type.min ?? -2_147_483_648, column.type.max ?? 2_147_483_647);
      return { generator: withNulls(() => Math.floor(min + random() * (max - min + 1))) };
    }
    case 'bigint': {
      const [min, max] = range(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      return { generator: withNulls(() => Math.floor(min + random() * (max - min + 1))) };
    }
    case 'float': {
      const [min, max] = range(-1e9, 1e9);
      return { generator: withNulls(() => min + random() * (max - min)) };
    }
    case 'decimal': {
      const scale = column.type.scale ?? 0;
      const precision = column.type.precision ?? 10;
      const bound = 10 ** (precision - scale) - 10 ** -scale;
      const [min, max] = range(-bound, bound);
      return { generator: withNulls(() => (min + random() * (max - min)).toFixed(scale)) };
    }
    case 'boolean':
      return { generator: withNulls(() => random() < 0.5) };
    case 'string': {
      // CHAR/VARCHAR(n) cap the length, as Flink's generator does.
      const n = column.type.precision !== undefined ? Math.min(length, column.type.precision) : length;
      return {
        generator: withNulls(() => {
          let s = '';
          const size = sizeOf(n);
          for (let i = 0; i < size; i++) s += ALPHANUMERIC[Math.floor(random() * ALPHANUMERIC.length)];
          return s;
        }),
      };
    }
    case 'bytes': {
      const n = column.type.precision !== undefined ? Math.min(length, column.type.precision) : length;
      return {
        generator: withNulls(() => {
          const bytes = Buffer.allocUnsafe(sizeOf(n));
          for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
          return bytes.toString('base64');
        }),
      };
    }
    case 'date':
      return { generator: withNulls(() => pastInstant().toISOString().slice(0, 10)) };
    case 'time':
      return {
        generator: withNulls(() => {
          const s = Math.floor(random() * 86_400);
          return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
        }),
      };
    case 'timestamp':
      return { generator: withNulls(() => pastInstant().toISOString().slice(0, -1)) };
    case 'timestamp_ltz':
      return { generator: withNulls(() => pastInstant().toISOString()) };
    default:
      throw nodeError(spec, `field \`${column.name}\`: datagen cannot generate ${root} in a batch run`);
  }
}
