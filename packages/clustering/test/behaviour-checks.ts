/**
 * Checks the labelled-suite behaviour tests share (Loghub-2k and the synthetic suite): average
 * accuracy of the default options, snapshot continuity, and merge counts.
 */
import { expect } from 'vitest';
import { type Accuracy, accuracy } from '../bench/metrics.js';
import { LogClusterer, mergeSnapshots, parseLines } from '../src/index.js';

export interface LabelledLines {
  name: string;
  contents: readonly string[];
  templates: readonly string[];
}

/** GA/PA/FGA/FTA of the default options, averaged over `systems`. */
export function averageAccuracy(
  systems: readonly LabelledLines[],
): Pick<Accuracy, 'GA' | 'PA' | 'FGA' | 'FTA'> {
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
  return { GA: sum.GA / n, PA: sum.PA / n, FGA: sum.FGA / n, FTA: sum.FTA / n };
}

/** Learning half, snapshotting, restoring and learning the rest gives the uninterrupted run. */
export function expectSnapshotContinuity(s: LabelledLines): void {
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

/** Two workers learning alternate lines merge into a state that counts every line once. */
export function expectMergeKeepsCounts(s: LabelledLines): void {
  const a = new LogClusterer();
  const b = new LogClusterer();
  s.contents.forEach((l, i) => {
    (i % 2 === 0 ? a : b).learn(l);
  });
  const merged = LogClusterer.restore(mergeSnapshots([a.snapshot(), b.snapshot()]));
  expect(merged.lineCount, s.name).toBe(s.contents.length);
  expect(
    merged.patterns().reduce((n, p) => n + p.count, 0),
    s.name,
  ).toBe(s.contents.length);
}
