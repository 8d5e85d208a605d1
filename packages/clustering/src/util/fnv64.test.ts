import { describe, expect, it } from 'vitest';
import { fnv1a64Hex } from './fnv64.js';

describe('fnv1a64Hex', () => {
  it('matches the FNV-1a 64 reference values over UTF-8', () => {
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8');
    // Multi-byte UTF-8 (checked against a Python implementation over str.encode()).
    expect(fnv1a64Hex('héllo ✓ 😀')).toBe('d4d14351d547f188');
  });

  it('encodes lone surrogates as U+FFFD, like TextEncoder', () => {
    expect(fnv1a64Hex('\ud800')).toBe(fnv1a64Hex('\ufffd'));
  });
});
