import { describe, expect, it } from 'vitest';
import { checkCron, isValidTimezone, nextFireTimes } from './cron.js';

describe('nextFireTimes', () => {
  it('evaluates the cron in the job time zone', () => {
    const times = nextFireTimes('0 9 * * 1-5', 'Europe/Paris', 3, new Date('2025-01-03T12:00:00Z'));
    expect(times.map((t) => t.toISOString())).toEqual([
      '2025-01-06T08:00:00.000Z',
      '2025-01-07T08:00:00.000Z',
      '2025-01-08T08:00:00.000Z',
    ]);
  });

  it('follows daylight saving time changes', () => {
    // Europe/Paris moves from UTC+1 to UTC+2 on 2025-03-30.
    const times = nextFireTimes('30 12 * * *', 'Europe/Paris', 2, new Date('2025-03-29T00:00:00Z'));
    expect(times.map((t) => t.toISOString())).toEqual([
      '2025-03-29T11:30:00.000Z',
      '2025-03-30T10:30:00.000Z',
    ]);
  });

  it('fires every minute for * * * * *, on the minute', () => {
    const times = nextFireTimes('* * * * *', 'UTC', 2, new Date('2025-01-01T00:00:30Z'));
    expect(times.map((t) => t.toISOString())).toEqual([
      '2025-01-01T00:01:00.000Z',
      '2025-01-01T00:02:00.000Z',
    ]);
  });

  it('accepts minute-level aliases', () => {
    expect(nextFireTimes('@hourly', 'UTC', 1, new Date('2025-01-01T00:10:00Z'))[0]?.toISOString()).toBe(
      '2025-01-01T01:00:00.000Z',
    );
  });

  it('throws plain messages for a bad cron or zone', () => {
    expect(() => nextFireTimes('* * * * *', 'Nowhere/City', 1)).toThrow("Unknown time zone 'Nowhere/City'");
    expect(() => nextFireTimes('0 0 * * * *', 'UTC', 1)).toThrow('a seconds field is not supported');
  });
});

describe('checkCron and isValidTimezone', () => {
  it('accepts valid expressions and zones', () => {
    expect(checkCron('*/15 8-18 * * mon-fri')).toBeUndefined();
    expect(isValidTimezone('Asia/Shanghai')).toBe(true);
    expect(isValidTimezone('UTC')).toBe(true);
  });

  it('says why a day that a single month never has would never fire', () => {
    const problem = checkCron('0 0 30 2 *');
    expect(problem?.code).toBe('cron-invalid');
    expect(problem?.message).toContain('day 30 never occurs in month 2');
    // Its last day is the way to say it, and a weekday restriction rescues it (they combine with OR).
    expect(checkCron('0 0 L 2 *')).toBeUndefined();
    expect(checkCron('0 0 30 2 1')).toBeUndefined();
  });

  it('rejects unknown aliases and zones', () => {
    expect(checkCron('@often')?.code).toBe('cron-invalid');
    expect(isValidTimezone('Mars/Olympus')).toBe(false);
    expect(isValidTimezone('')).toBe(false);
  });
});
