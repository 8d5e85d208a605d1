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
import { packageRoot } from '../bench/python.js';
import { suiteLines, suiteSystems } from '../bench/synthetic/suite.js';
import { averageAccuracy, expectMergeKeepsCounts, expectSnapshotContinuity } from './behaviour-checks.js';

const systems = suiteSystems().map((s) => ({ ...s, ...suiteLines(s), name: s.spec.name }));

describe('on the synthetic suite', () => {
  it('keeps the accuracy of the tuning styles (GA >= 0.95, PA >= 0.95, FGA >= 0.9, FTA >= 0.9)', () => {
    const avg = averageAccuracy(systems.filter((s) => s.set === 'styles'));
    expect(avg.GA).toBeGreaterThanOrEqual(0.95);
    expect(avg.PA).toBeGreaterThanOrEqual(0.95);
    expect(avg.FGA).toBeGreaterThanOrEqual(0.9);
    expect(avg.FTA).toBeGreaterThanOrEqual(0.9);
  });

  it('continues identically after a snapshot restore mid-stream', () => {
    for (const s of systems) expectSnapshotContinuity(s);
  });

  it('keeps every line counted when merging two workers', () => {
    for (const s of systems) expectMergeKeepsCounts(s);
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
