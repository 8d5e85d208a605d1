/**
 * Value types of connector options, with the parsing rules Flink applies to them
 * (`ConfigurationUtils`, `TimeUtils.parseDuration`, `MemorySize.parse`).
 */

export type OptionType =
  | 'string'
  | 'int'
  | 'long'
  | 'float'
  | 'boolean'
  | 'duration'
  | 'memory'
  | 'enum'
  | 'list';

const DURATION_UNITS = new Set(
  [
    ['d', 'day', 'days'],
    ['h', 'hour', 'hours'],
    ['min', 'm', 'minute', 'minutes'],
    ['s', 'sec', 'secs', 'second', 'seconds'],
    ['ms', 'milli', 'millis', 'millisecond', 'milliseconds'],
    ['µs', 'micro', 'micros', 'microsecond', 'microseconds'],
    ['ns', 'nano', 'nanos', 'nanosecond', 'nanoseconds'],
  ].flat(),
);

const MEMORY_UNITS = new Set(
  [
    ['b', 'bytes'],
    ['k', 'kb', 'kibibytes'],
    ['m', 'mb', 'mebibytes'],
    ['g', 'gb', 'gibibytes'],
    ['t', 'tb', 'tebibytes'],
  ].flat(),
);

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * Checks a value against an option type. Returns undefined when valid, otherwise a phrase that
 * completes "must be ..." in a message.
 *
 * @example
 * checkOptionValue('duration', '30 s'); // undefined
 * checkOptionValue('int', 'ten'); // 'a whole number'
 */
export function checkOptionValue(
  type: OptionType,
  value: string,
  spec: { values?: readonly string[]; min?: number; max?: number } = {},
): string | undefined {
  const v = value.trim();
  switch (type) {
    case 'string':
    case 'list':
      return undefined;
    case 'boolean':
      return /^(true|false)$/i.test(v) ? undefined : 'true or false';
    case 'int':
    case 'long': {
      if (!/^[-+]?\d+$/.test(v)) return 'a whole number';
      const n = Number(v);
      if (type === 'int' && (n < INT_MIN || n > INT_MAX))
        return `a whole number between ${INT_MIN} and ${INT_MAX}`;
      if (type === 'long' && !Number.isSafeInteger(n) && !/^[-+]?\d{1,19}$/.test(v)) return 'a whole number';
      return checkRange(n, spec);
    }
    case 'float': {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return 'a number';
      return checkRange(Number(v), spec);
    }
    case 'duration': {
      // ISO-8601 durations (PT5M) are accepted by Flink as well.
      if (/^P(?!$)(\d+D)?(T(?!$)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/i.test(v)) return undefined;
      const m = /^(\d+)\s*([a-zA-Zµ]*)$/.exec(v);
      if (m === null || (m[2] !== '' && !DURATION_UNITS.has(m[2]!.toLowerCase()))) {
        return "a duration such as '30 s', '5 min', '1 h' or '500 ms'";
      }
      return undefined;
    }
    case 'memory': {
      const m = /^(\d+)\s*([a-zA-Z]*)$/.exec(v);
      if (m === null || (m[2] !== '' && !MEMORY_UNITS.has(m[2]!.toLowerCase()))) {
        return "a memory size such as '128mb', '1 gb' or '512kb'";
      }
      return undefined;
    }
    case 'enum': {
      const values = spec.values ?? [];
      // Flink matches enum options case-insensitively.
      if (values.some((x) => x.toLowerCase() === v.toLowerCase())) return undefined;
      return `one of ${values.map((x) => `'${x}'`).join(', ')}`;
    }
  }
}

function checkRange(n: number, spec: { min?: number; max?: number }): string | undefined {
  if (spec.min !== undefined && n < spec.min) return `at least ${spec.min}`;
  if (spec.max !== undefined && n > spec.max) return `at most ${spec.max}`;
  return undefined;
}

/**
 * Converts a Flink duration string to milliseconds, or undefined when it is not one.
 *
 * @example
 * durationToMs('5 min'); // 300000
 */
export function durationToMs(value: string): number | undefined {
  const m = /^(\d+)\s*([a-zA-Zµ]*)$/.exec(value.trim());
  if (m === null) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  if (unit === '' || ['ms', 'milli', 'millis', 'millisecond', 'milliseconds'].includes(unit)) return n;
  if (['s', 'sec', 'secs', 'second', 'seconds'].includes(unit)) return n * 1_000;
  if (['min', 'm', 'minute', 'minutes'].includes(unit)) return n * 60_000;
  if (['h', 'hour', 'hours'].includes(unit)) return n * 3_600_000;
  if (['d', 'day', 'days'].includes(unit)) return n * 86_400_000;
  if (DURATION_UNITS.has(unit)) return 0;
  return undefined;
}
