/**
 * Hostile input never throws and memory stays bounded: 10 MB lines, NUL bytes, invalid UTF-8 and
 * binary data, a line with 100k distinct tokens, and a flood of distinct lines against the caps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogClusterer } from '../src/index.js';

describe('hostile input', () => {
  it('handles a 10 MB line quickly, truncated and flagged', () => {
    const c = new LogClusterer();
    const line = `GET /${'a1/'.repeat(3_500_000)} HTTP/1.1`;
    expect(line.length).toBeGreaterThan(10_000_000);
    const t0 = performance.now();
    const r = c.learn(line);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.truncated).toBe(true);
    expect(r.template.length).toBeLessThanOrEqual(c.options.maxLineLength);
    expect(c.learn(line).patternId).toBe(r.patternId);
  });

  it('handles NUL bytes, control characters, lone surrogates and U+FFFD', () => {
    const c = new LogClusterer();
    for (const line of [
      'a\u0000b\u0000c 12',
      '\u0001\u0002\u001b[31mred\u001b[0m',
      'bad \ud800 half \udfff pair',
      'x \ufffd\ufffd y',
      '\u0000',
    ]) {
      const r = c.learn(line);
      expect(typeof r.template).toBe('string');
      expect(r.params).toBeInstanceOf(Array);
    }
  });

  it('handles a line of 100k distinct tokens by folding the tail', () => {
    const c = new LogClusterer();
    const line = Array.from({ length: 100_000 }, (_, i) => `t${i.toString(36)}x`).join(' ');
    const r = c.learn(line);
    expect(r.truncated).toBe(true);
    expect(r.template.split(' ').length).toBeLessThanOrEqual(c.options.maxTokens);
  });

  it('never throws on arbitrary strings, binary or not (property)', () => {
    const c = new LogClusterer({ maxClusters: 50 });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        const r = c.learn(s);
        expect(r.template).not.toContain('<*><*>');
        c.match(s);
      }),
      { numRuns: 3000 },
    );
    c.snapshot();
    c.patterns();
  });

  it('keeps clusters, patterns and memory bounded under a flood of distinct lines', () => {
    const c = new LogClusterer({ maxClusters: 500, maxAliases: 1000, cacheSize: 1000 });
    const gc = (globalThis as { gc?: () => void }).gc;
    const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima'.split(' ');
    let heapAfterWarmup = 0;
    for (let i = 0; i < 200_000; i++) {
      // Every line has a new first word (a new cluster) and new values.
      const w = `${words[i % words.length]}${(i * 7919).toString(36)}`;
      c.learn(`${w} event ${i} from ${words[(i >> 3) % words.length]} took ${i % 997} ms`);
      if (i === 50_000) {
        gc?.();
        heapAfterWarmup = process.memoryUsage().heapUsed;
      }
    }
    expect(c.clusterCount).toBeLessThanOrEqual(500);
    expect(c.patternCount).toBeLessThanOrEqual(500 * c.options.maxPatternsPerCluster);
    gc?.();
    const growthMb = (process.memoryUsage().heapUsed - heapAfterWarmup) / 2 ** 20;
    // 150k more distinct lines must not grow the heap beyond noise (caps hold everything).
    expect(growthMb).toBeLessThan(64);
  });
});
