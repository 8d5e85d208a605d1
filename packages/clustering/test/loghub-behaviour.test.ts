/**
 * Behaviour on the labelled Loghub-2k systems with the default options: the accuracy floor of issue 6
 * (a regression guard; bench/evaluate.ts prints the full table), and snapshots taken mid-stream that
 * continue exactly like the uninterrupted run.
 */
import { describe, expect, it } from 'vitest';
import { listSystems, loadSystem } from '../bench/loghub.js';
import { averageAccuracy, expectMergeKeepsCounts, expectSnapshotContinuity } from './behaviour-checks.js';
import { hasLoghub, LOGHUB_DIR } from './loghub.js';

describe.skipIf(!hasLoghub)('on Loghub-2k', () => {
  const systems = hasLoghub ? listSystems(LOGHUB_DIR).map((n) => loadSystem(LOGHUB_DIR, n)) : [];

  it('meets the accuracy targets on average (GA >= 0.95, PA >= 0.80, FGA >= 0.90, FTA >= 0.70)', () => {
    const avg = averageAccuracy(systems);
    expect(avg.GA).toBeGreaterThanOrEqual(0.95);
    expect(avg.PA).toBeGreaterThanOrEqual(0.8);
    expect(avg.FGA).toBeGreaterThanOrEqual(0.9);
    expect(avg.FTA).toBeGreaterThanOrEqual(0.7);
  });

  it('continues identically after a snapshot restore mid-stream', () => {
    for (const s of systems) expectSnapshotContinuity(s);
  });

  it('keeps every line counted when merging two workers', () => {
    for (const s of systems) expectMergeKeepsCounts(s);
  });
});
