import { CronExpressionParser } from 'cron-parser';

/**
 * Fire-time arithmetic the scheduler needs beyond `@sluice/dag`'s preview (which only looks
 * forward): the latest tick at or before a moment, and how late a tick may be processed before
 * it counts as missed. Uses cron-parser, as BullMQ's job schedulers do, so the times agree.
 */

/**
 * The latest fire time at or before `at`, or undefined when the cron never fired before it.
 *
 * @example
 * latestFireTime('* * * * *', 'UTC', new Date('2025-01-01T10:05:30Z')); // 2025-01-01T10:05:00Z
 */
export function latestFireTime(cron: string, timezone: string, at: Date): Date | undefined {
  // prev() is strictly before currentDate; +1 ms makes a tick exactly at `at` count.
  const interval = CronExpressionParser.parse(cron, {
    tz: timezone,
    currentDate: new Date(at.getTime() + 1),
  });
  try {
    return interval.hasPrev() ? interval.prev().toDate() : undefined;
  } catch {
    return undefined;
  }
}

/** Least and most lateness tolerated before a tick counts as missed (see `misfireGraceMs`). */
const MIN_GRACE_MS = 5_000;
const MAX_GRACE_MS = 60_000;

/**
 * How late a tick may be processed and still count as on time: half the gap to the next tick,
 * between 5 s and 60 s. A tick later than that was missed (no worker ran): the catch-up policy
 * decides what happens. Normal lateness is milliseconds, so this only trips after real downtime.
 *
 * @example
 * misfireGraceMs('* * * * *', 'UTC', tick); // 30_000
 * misfireGraceMs('0 * * * *', 'UTC', tick); // 60_000
 */
export function misfireGraceMs(cron: string, timezone: string, tick: Date): number {
  const interval = CronExpressionParser.parse(cron, { tz: timezone, currentDate: tick });
  const next = interval.next().toDate().getTime();
  const gap = next - tick.getTime();
  return Math.max(MIN_GRACE_MS, Math.min(MAX_GRACE_MS, Math.floor(gap / 2)));
}
