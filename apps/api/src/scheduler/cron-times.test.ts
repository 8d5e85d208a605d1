import { describe, expect, it } from 'vitest';
import { latestFireTime, misfireGraceMs } from './cron-times.js';

describe('latestFireTime', () => {
  it('returns the tick at or before the moment', () => {
    expect(latestFireTime('* * * * *', 'UTC', new Date('2025-01-01T10:05:30Z'))).toEqual(
      new Date('2025-01-01T10:05:00Z'),
    );
    expect(latestFireTime('* * * * *', 'UTC', new Date('2025-01-01T10:05:00Z'))).toEqual(
      new Date('2025-01-01T10:05:00Z'),
    );
  });

  it('evaluates the cron in its time zone', () => {
    // 09:00 in Paris is 08:00 UTC in winter.
    expect(latestFireTime('0 9 * * *', 'Europe/Paris', new Date('2025-01-02T12:00:00Z'))).toEqual(
      new Date('2025-01-02T08:00:00Z'),
    );
  });
});

describe('misfireGraceMs', () => {
  it('is half the gap to the next tick, within 5-60 s', () => {
    const tick = new Date('2025-01-01T10:05:00Z');
    expect(misfireGraceMs('* * * * *', 'UTC', tick)).toBe(30_000);
    expect(misfireGraceMs('0 * * * *', 'UTC', new Date('2025-01-01T10:00:00Z'))).toBe(60_000);
  });
});
