import { describe, expect, it } from 'vitest';
import { parseDuration } from './datagen-source.js';

describe('parseDuration', () => {
  it('reads Flink durations, a bare number being milliseconds', () => {
    expect(parseDuration('5 min')).toBe(300_000);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1 d')).toBe(86_400_000);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('5 fortnights')).toBeUndefined();
    expect(parseDuration('-1 s')).toBeUndefined();
  });
});
