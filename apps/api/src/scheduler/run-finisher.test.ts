import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './run-finisher.js';

const schedule = (type: 'exponential' | 'fixed', delayMs: number) =>
  ({ retries: { attempts: 5, backoff: { type, delayMs } } }) as Parameters<typeof retryDelayMs>[0];

describe('retryDelayMs', () => {
  it('doubles the delay with each exponential attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(schedule('exponential', 1_000), attempt))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('keeps a fixed delay, and caps exponential growth at a week', () => {
    expect(retryDelayMs(schedule('fixed', 5_000), 7)).toBe(5_000);
    expect(retryDelayMs(schedule('exponential', 86_400_000), 30)).toBe(7 * 86_400_000);
  });

  it('retries at once without schedule settings', () => {
    expect(retryDelayMs(undefined, 1)).toBe(0);
  });
});
