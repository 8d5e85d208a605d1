/**
 * Cron validation and fire-time preview. Uses cron-parser, the library BullMQ's job schedulers
 * use, so that the preview shows exactly the times the scheduler will fire. Sluice schedules are
 * minute-level: five fields (minute hour day-of-month month day-of-week) or a minute-level alias.
 */
import { CronExpressionParser } from 'cron-parser';

const ALLOWED_ALIASES = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@hourly',
  '@minutely',
  '@weekdays',
  '@weekends',
]);

export interface CronProblem {
  code: 'cron-empty' | 'cron-seconds' | 'cron-fields' | 'cron-hash' | 'cron-invalid';
  message: string;
}

/** Cache of time zone checks: Intl construction is comparatively slow and zones are few. */
const zoneCache = new Map<string, boolean>();

/**
 * True when `timezone` is an IANA time zone this runtime knows (e.g. `Europe/Paris`, `UTC`).
 *
 * @example
 * isValidTimezone('Asia/Shanghai'); // true
 * isValidTimezone('Mars/Olympus'); // false
 */
export function isValidTimezone(timezone: string): boolean {
  const cached = zoneCache.get(timezone);
  if (cached !== undefined) return cached;
  let ok: boolean;
  // Offsets such as '+05:00' are accepted by some Intl versions but are not IANA zones and do not
  // follow daylight saving, so they are refused.
  if (timezone.length === 0 || timezone.length > 64 || /^[+-]\d/.test(timezone)) ok = false;
  else {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timezone });
      ok = true;
    } catch {
      ok = false;
    }
  }
  if (zoneCache.size < 1_000) zoneCache.set(timezone, ok);
  return ok;
}

/**
 * Checks a cron expression. Returns undefined when valid, otherwise a problem with a plain message.
 *
 * @example
 * checkCron('*\/5 * * * *'); // undefined
 * checkCron('0 *\/5 * * * *')?.code; // 'cron-seconds'
 */
export function checkCron(cron: string, timezone = 'UTC'): CronProblem | undefined {
  const expr = cron.trim();
  if (expr.length === 0) {
    return {
      code: 'cron-empty',
      message: "The cron expression is empty; for every 5 minutes write '*/5 * * * *'",
    };
  }
  if (expr.startsWith('@')) {
    if (expr === '@secondly') {
      return {
        code: 'cron-seconds',
        message: "'@secondly' is not supported: schedules run at most once a minute",
      };
    }
    if (!ALLOWED_ALIASES.has(expr)) {
      return {
        code: 'cron-invalid',
        message: `Unknown cron alias '${expr}'; use one of ${[...ALLOWED_ALIASES].join(', ')}`,
      };
    }
  } else {
    const fields = expr.split(/\s+/);
    if (fields.length === 6) {
      return {
        code: 'cron-seconds',
        message:
          'The cron expression has 6 fields: a seconds field is not supported. Schedules are minute-level; use 5 fields: minute hour day-of-month month day-of-week',
      };
    }
    if (fields.length !== 5) {
      return {
        code: 'cron-fields',
        message: `The cron expression has ${fields.length} field${fields.length === 1 ? '' : 's'}; use 5: minute hour day-of-month month day-of-week (e.g. '0 9 * * 1-5')`,
      };
    }
    if (fields.some((f) => /H/i.test(f))) {
      return {
        code: 'cron-hash',
        message:
          "'H' (hashed) values are not supported: the preview and the scheduler could pick different times; write the minute explicitly",
      };
    }
  }
  try {
    CronExpressionParser.parse(expr, { tz: isValidTimezone(timezone) ? timezone : 'UTC' });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      code: 'cron-invalid',
      message: `Invalid cron expression '${expr}': ${explainReason(expr, reason)}`,
    };
  }
  return undefined;
}

/**
 * cron-parser's reason in the words of the expression where it is terse. Its only day-of-month
 * refusal is a single month whose days never include the day asked for (`0 0 30 2 *`).
 */
function explainReason(expr: string, reason: string): string {
  if (reason === 'Invalid explicit day of month definition') {
    const [, , day, month] = expr.split(/\s+/);
    return `day ${day} never occurs in month ${month}, so the schedule would never fire; pick a day that month has, or 'L' for its last day`;
  }
  return reason;
}

/**
 * The next `count` times a cron fires after `from`, evaluated in `timezone`, exactly as BullMQ's
 * job scheduler computes them. Throws with a plain message when the cron or the zone is invalid.
 *
 * @example
 * nextFireTimes('0 9 * * 1-5', 'Europe/Paris', 2, new Date('2025-01-03T12:00:00Z'));
 * // [2025-01-06T08:00:00.000Z, 2025-01-07T08:00:00.000Z]
 */
export function nextFireTimes(
  cron: string,
  timezone: string,
  count: number,
  from: Date = new Date(),
): Date[] {
  if (!isValidTimezone(timezone))
    throw new Error(`Unknown time zone '${timezone}'; use an IANA name such as Europe/Paris`);
  const problem = checkCron(cron, timezone);
  if (problem !== undefined) throw new Error(problem.message);
  if (!Number.isInteger(count) || count < 0 || count > 1_000)
    throw new Error('count must be a whole number from 0 to 1000');
  const interval = CronExpressionParser.parse(cron.trim(), { tz: timezone, currentDate: from });
  const out: Date[] = [];
  for (let i = 0; i < count; i++) {
    if (!interval.hasNext()) break;
    out.push(interval.next().toDate());
  }
  return out;
}
