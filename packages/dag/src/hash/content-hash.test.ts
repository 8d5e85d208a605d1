import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleJobs } from '../examples/examples.js';
import { canonicalJson, contentHash } from './content-hash.js';
import { sha256Hex } from './sha256.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex(utf8(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(utf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with Node crypto for arbitrary bytes (block boundaries included)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys, drops undefined and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [2, 1], c: undefined, d: { z: null, y: 'é' } })).toBe(
      '{"a":[2,1],"b":1,"d":{"y":"é","z":null}}',
    );
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow('non-finite');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow('contains itself');
  });
});

describe('contentHash', () => {
  it('is the same for the same content whatever the key order', () => {
    const job = exampleJobs().kafkaPythonJdbc;
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    const reordered = reverseKeys(job) as typeof job;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(job));
    expect(contentHash(reordered)).toBe(contentHash(job));
    expect(contentHash(job)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any content and, unless asked, with the layout', () => {
    const a = exampleJobs().datagenDemo;
    const b = exampleJobs().datagenDemo;
    b.graph.nodes[0]!.position = { x: 500, y: 500 };
    expect(contentHash(b)).not.toBe(contentHash(a));
    expect(contentHash(b, { ignoreLayout: true })).toBe(contentHash(a, { ignoreLayout: true }));
    b.title = 'other';
    expect(contentHash(b, { ignoreLayout: true })).not.toBe(contentHash(a, { ignoreLayout: true }));
  });
});
