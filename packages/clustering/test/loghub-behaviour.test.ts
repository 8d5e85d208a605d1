/**
 * Behaviour on the labelled Loghub-2k systems with the default options: the accuracy floor of issue 6
 * (a regression guard; bench/evaluate.ts prints the full table), and snapshots taken mid-stream that
 * continue exactly like the uninterrupted run.
 */
import { describe, expect, it } from 'vitest';
import { listSystems, loadSystem } from '../bench/loghub.js';
import { accuracy } from '../bench/metrics.js';
import { LogClusterer, mergeSnapshots, parseLines } from '../src/index.js';
import { hasLoghub, LOGHUB_DIR } from './loghub.js';

describe.skipIf(!hasLoghub)('on Loghub-2k', () => {
  const systems = hasLoghub ? listSystems(LOGHUB_DIR).map((n) => loadSystem(LOGHUB_DIR, n)) : [];

  it('meets the accuracy targets on average (GA >= 0.95, PA >= 0.80, FGA >= 0.90, FTA >= 0.70)', () => {
    const sum = { GA: 0, PA: 0, FGA: 0, FTA: 0 };
    for (const s of systems) {
      const a = accuracy(
        s.templates,
        parseLines(s.contents).map((p) => p.template),
      );
      sum.GA += a.GA;
      sum.PA += a.PA;
      sum.FGA += a.FGA;
      sum.FTA += a.FTA;
    }
    const n = systems.length;
    expect(sum.GA / n).toBeGreaterThanOrEqual(0.95);
    expect(sum.PA / n).toBeGreaterThanOrEqual(0.8);
    expect(sum.FGA / n).toBeGreaterThanOrEqual(0.9);
    expect(sum.FTA / n).toBeGreaterThanOrEqual(0.7);
  });

  it('continues identically after a snapshot restore mid-stream', () => {
    for (const s of systems) {
      const half = s.contents.length / 2;
      const whole = new LogClusterer();
      const expected = whole.learnBatch(s.contents).map((r) => [r.patternId, r.changes]);
      const first = new LogClusterer();
      const got = first.learnBatch(s.contents.slice(0, half)).map((r) => [r.patternId, r.changes]);
      const second = LogClusterer.restore(JSON.parse(JSON.stringify(first.snapshot())));
      got.push(...second.learnBatch(s.contents.slice(half)).map((r) => [r.patternId, r.changes]));
      expect(got, s.name).toEqual(expected);
      expect(second.patterns(), s.name).toEqual(whole.patterns());
    }
  });

  it('keeps every line counted when merging two workers', () => {
    for (const s of systems) {
      const a = new LogClusterer();
      const b = new LogClusterer();
      s.contents.forEach((l, i) => {
        (i % 2 === 0 ? a : b).learn(l);
      });
      const merged = LogClusterer.restore(mergeSnapshots([a.snapshot(), b.snapshot()]));
      expect(merged.lineCount).toBe(s.contents.length);
      const total = merged.patterns().reduce((n, p) => n + p.count, 0);
      expect(total).toBe(s.contents.length);
    }
  });
});
