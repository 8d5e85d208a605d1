import { describe, expect, it } from 'vitest';
import { formatCount, formatDateTime, formatDuration, formatRelative, uniqueSlug } from './format.js';

describe('format', () => {
  it('writes date-times in a given zone', () => {
    expect(formatDateTime('2025-01-06T08:00:00.000Z', 'Europe/Paris')).toBe('2025-01-06 09:00:00');
    expect(formatDateTime('2025-01-06T08:00:00.000Z', 'UTC')).toBe('2025-01-06 08:00:00');
    expect(formatDateTime(null)).toBe('—');
  });

  it('writes relative times both ways', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    expect(formatRelative('2025-01-01T00:03:00Z', now)).toBe('in 3m');
    expect(formatRelative('2024-12-31T23:59:55Z', now)).toBe('5s ago');
    expect(formatRelative('2025-01-01T00:00:00.300Z', now)).toBe('just now');
  });

  it('writes durations at a useful precision', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
    expect(formatDuration(7_380_000)).toBe('2 h 03 min');
    expect(formatDuration(null)).toBe('—');
  });

  it('groups counts', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });

  it('finds the first free job name', () => {
    expect(uniqueSlug('demo', new Set())).toBe('demo');
    expect(uniqueSlug('demo', new Set(['demo', 'demo-2']))).toBe('demo-3');
    expect(uniqueSlug('x'.repeat(63), new Set(['x'.repeat(63)]))).toHaveLength(63);
  });
});
