import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogClusterer } from '../clusterer.js';
import { mergeSnapshots } from './merge.js';
import { SnapshotError, validateSnapshot } from './snapshot-format.js';

/** Lines from a few templates with variable values and a few word variants. */
const lineArb = fc
  .tuple(
    fc.integer({ min: 0, max: 8 }),
    fc.integer({ min: 0, max: 99999 }),
    fc.constantFrom('alice', 'bob', 'carol', 'dave', 'erin'),
    fc.constantFrom('start', 'stop', 'restart'),
    fc.integer({ min: 0, max: 4 }),
  )
  .map(([t, n, user, verb, k]) => {
    switch (t) {
      case 0:
        return `user ${user} logged in from 10.0.${k}.${n % 256}`;
      case 1:
        return `service ${verb} requested by ${user}`;
      case 2:
        return `took ${n} ms`;
      case 3:
        return `delete ${Array.from({ length: k + 1 }, (_, i) => `blk_${n + i}`).join(' ')}`;
      case 4:
        return `job ${n} state ${verb}`;
      case 5:
        return `cache ${verb} for key=${user}${k}`;
      case 6:
        return '';
      case 7:
        // A name with spaces between fixed words: learned as a span variable.
        return `The ${['Spooler', 'Print Spooler', 'Windows Update', 'Background Intelligent Transfer Service', 'Event Log'][k]} service entered the ${verb === 'stop' ? 'stopped' : 'running'} state.`;
      default:
        return `heartbeat ok`;
    }
  });

const roundTrip = (c: LogClusterer) => LogClusterer.restore(JSON.parse(JSON.stringify(c.snapshot())));

describe('snapshots', () => {
  it('round-trip exactly, and learning continues identically after restore (property)', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 120 }),
        fc.array(lineArb, { maxLength: 60 }),
        (first, rest) => {
          const options = { cacheSize: 0 };
          const a = new LogClusterer(options);
          a.learnBatch(first);
          const snap = a.snapshot();
          const b = LogClusterer.restore(JSON.parse(JSON.stringify(snap)), options);
          expect(b.snapshot()).toEqual(snap);
          const ra = a.learnBatch(rest).map((r) => [r.patternId, r.template, r.changes]);
          const rb = b.learnBatch(rest).map((r) => [r.patternId, r.template, r.changes]);
          expect(rb).toEqual(ra);
          expect(b.snapshot()).toEqual(a.snapshot());
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keep counts, samples and aliases', () => {
    const c = new LogClusterer();
    const first = c.learn('worker pool start requested');
    c.learnBatch(['worker pool end requested', 'worker pool drain requested']);
    const r = roundTrip(c);
    expect(r.patterns()).toEqual(c.patterns());
    expect(r.resolveId(first.patternId)).toBe(c.resolveId(first.patternId));
    expect(r.lineCount).toBe(3);
  });

  it('reject malformed input with the path of the problem', () => {
    const snap = new LogClusterer().snapshot();
    expect(() => validateSnapshot({ ...snap, version: 99 })).toThrow(/^version: unsupported version 99/);
    expect(() => validateSnapshot({ ...snap, format: 'x' })).toThrow(SnapshotError);
    const c = new LogClusterer();
    c.learn('a 1');
    const bad = JSON.parse(JSON.stringify(c.snapshot()));
    bad.clusters[0].subs[0][1] = -1;
    expect(() => LogClusterer.restore(bad)).toThrow(
      /^clusters\[0\]\.subs\[0\]: must be \[template, count, sample\]/,
    );
    expect(() => validateSnapshot(null)).toThrow(/^snapshot: must be an object/);
  });
});

describe('mergeSnapshots', () => {
  it('gives the same result whatever the order of the inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 60 }),
        fc.array(lineArb, { maxLength: 60 }),
        fc.array(lineArb, { maxLength: 60 }),
        (x, y, z) => {
          const snaps = [x, y, z].map((lines) => {
            const c = new LogClusterer();
            c.learnBatch(lines);
            return c.snapshot();
          });
          const ref = JSON.stringify(mergeSnapshots(snaps));
          for (const order of [
            [0, 2, 1],
            [1, 0, 2],
            [1, 2, 0],
            [2, 0, 1],
            [2, 1, 0],
          ]) {
            expect(JSON.stringify(mergeSnapshots(order.map((i) => snaps[i]!)))).toBe(ref);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps every line counted and maps worker ids to merged ids', () => {
    const a = new LogClusterer();
    const b = new LogClusterer();
    const ra = a.learnBatch(['user alice logged in', 'user bob logged in', 'took 5 ms']);
    b.learnBatch(['user carol logged in', 'took 7 ms', 'disk full']);
    const merged = LogClusterer.restore(mergeSnapshots([a.snapshot(), b.snapshot()]));
    expect(merged.lineCount).toBe(6);
    const counts = Object.fromEntries(merged.patterns().map((p) => [p.template, p.count]));
    expect(counts).toEqual({ 'user <*> logged in': 3, 'took <*> ms': 2, 'disk full': 1 });
    // Worker a had `user alice logged in` as its own pattern; it now resolves to the merged one.
    expect(merged.getPattern(ra[0]!.patternId)?.template).toBe('user <*> logged in');
  });

  it('refuses snapshots made with different model options', () => {
    const a = new LogClusterer().snapshot();
    const b = new LogClusterer({ similarity: 0.7 }).snapshot();
    expect(() => mergeSnapshots([a, b])).toThrow(/^snapshots\[1\]\.model: differs/);
  });
});
