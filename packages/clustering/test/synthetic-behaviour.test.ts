/**
 * Behaviour on the synthetic labelled suite (bench/synthetic): styles the Loghub-2k systems do not
 * cover (program names first, `name[pid]:` prefixes, values with spaces, `key value` request
 * lines). A regression guard on the tuning styles' accuracy, snapshot continuity and merge counts on
 * every system, and a check that the committed CSV files are what the generator writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSystem } from '../bench/loghub.js';
import { accuracy } from '../bench/metrics.js';
import { packageRoot } from '../bench/python.js';
import { suiteLines, suiteSystems } from '../bench/synthetic/suite.js';
import { LogClusterer, mergeSnapshots, parseLines } from '../src/index.js';

const systems = suiteSystems().map((s) => ({ ...s, ...suiteLines(s) }));

describe('on the synthetic suite', () => {
  it('keeps the accuracy of the tuning styles (GA >= 0.95, PA >= 0.95, FGA >= 0.9, FTA >= 0.9)', () => {
    const styles = systems.filter((s) => s.set === 'styles');
    const sum = { GA: 0, PA: 0, FGA: 0, FTA: 0 };
    for (const s of styles) {
      const a = accuracy(
        s.templates,
        parseLines(s.contents).map((p) => p.template),
      );
      sum.GA += a.GA;
      sum.PA += a.PA;
      sum.FGA += a.FGA;
      sum.FTA += a.FTA;
    }
    const n = styles.length;
    expect(sum.GA / n).toBeGreaterThanOrEqual(0.95);
    expect(sum.PA / n).toBeGreaterThanOrEqual(0.95);
    expect(sum.FGA / n).toBeGreaterThanOrEqual(0.9);
    expect(sum.FTA / n).toBeGreaterThanOrEqual(0.9);
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
      expect(got, s.spec.name).toEqual(expected);
      expect(second.patterns(), s.spec.name).toEqual(whole.patterns());
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
      expect(
        merged.patterns().reduce((n, p) => n + p.count, 0),
        s.spec.name,
      ).toBe(s.contents.length);
    }
  });

  it('matches the committed files (run bench/synthetic/generate.ts after changing the suite)', () => {
    for (const s of systems) {
      const dir = join(packageRoot, 'bench', 'synthetic', 'data', s.set);
      const file = loadSystem(dir, s.spec.name);
      expect(file.contents, file.file).toEqual(s.contents);
      expect(file.templates, file.file).toEqual(s.templates);
      expect(readFileSync(file.file, 'utf8').startsWith('LineId,Content,EventId,EventTemplate\n')).toBe(true);
    }
  });
});
