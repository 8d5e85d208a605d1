/**
 * Merging snapshots of parallel workers into one state. The result depends only on the set of
 * inputs, not on their order: every sub-pattern of every input is gathered, identical templates are
 * summed, and the templates are learned (weighted by their counts) into a fresh clusterer in sorted
 * order. Ids of the inputs that no longer exist map to the merged ids through aliases.
 */
import { LogClusterer } from '../clusterer.js';
import type { ClustererOptions } from '../config.js';
import { collapseRuns } from '../patterns/pattern-registry.js';
import { fnv1a64Hex } from '../util/fnv64.js';
import { type ClustererSnapshot, SnapshotError, validateSnapshot } from './snapshot-format.js';

interface Item {
  raw: string;
  count: number;
  sample: string;
  inputIds: Set<string>;
  /** Positions that were span variables in the cluster of some input. */
  spans: Set<number>;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Merges snapshots (any order gives the same result). All inputs must share the options that change
 * results (`similarity`, `maxSplitValues`, `maxWordDifferences`); other options come from `options`.
 *
 * @example
 * const merged = mergeSnapshots([workerA.snapshot(), workerB.snapshot()]);
 * const clusterer = LogClusterer.restore(merged);
 */
export function mergeSnapshots(snapshots: readonly unknown[], options?: ClustererOptions): ClustererSnapshot {
  if (snapshots.length === 0) throw new SnapshotError('snapshots', 'need at least one snapshot');
  const inputs = snapshots.map((s, i) => {
    try {
      return validateSnapshot(s);
    } catch (e) {
      if (e instanceof SnapshotError)
        throw new SnapshotError(`snapshots[${i}].${e.path}`, e.message.slice(e.path.length + 2));
      throw e;
    }
  });
  const model = inputs[0]!.model;
  inputs.forEach((s, i) => {
    const m = s.model;
    if (
      m.similarity !== model.similarity ||
      m.maxSplitValues !== model.maxSplitValues ||
      m.maxWordDifferences !== model.maxWordDifferences
    ) {
      throw new SnapshotError(
        `snapshots[${i}].model`,
        `differs from snapshots[0].model (${JSON.stringify(model)})`,
      );
    }
  });

  const items = new Map<string, Item>();
  let lines = 0;
  for (const s of inputs) {
    lines += s.lines;
    const collapsed = new Set(s.collapsed);
    for (const c of s.clusters) {
      for (const [raw, count, sample] of c.subs) {
        const sig = collapseRuns(raw);
        const id = fnv1a64Hex(collapsed.has(sig) ? sig : raw);
        let it = items.get(raw);
        if (!it) {
          it = { raw, count: 0, sample, inputIds: new Set(), spans: new Set() };
          items.set(raw, it);
        }
        for (const p of c.spans ?? []) it.spans.add(p);
        it.count += count;
        if (sample !== '' && (it.sample === '' || sample < it.sample)) it.sample = sample;
        it.inputIds.add(id);
      }
    }
  }

  const merged = new LogClusterer({ ...options, ...model });
  const sorted = [...items.values()].sort((a, b) => compare(a.raw, b.raw));
  const finals = sorted.map((it) =>
    merged.learnTemplate(
      it.raw === '' ? [] : it.raw.split(' '),
      it.sample,
      it.count,
      [...it.spans].sort((a, b) => a - b),
    ),
  );

  // Every input id points at the merged pattern its lines went to; old aliases are carried over.
  const targets = new Map<string, Set<string>>();
  const addTarget = (from: string, to: string) => {
    if (from === to) return;
    let t = targets.get(from);
    if (!t) {
      t = new Set();
      targets.set(from, t);
    }
    t.add(to);
  };
  const inputToMerged = new Map<string, Set<string>>();
  sorted.forEach((it, i) => {
    const finalId = finals[i]!();
    for (const id of it.inputIds) {
      addTarget(id, finalId);
      let m = inputToMerged.get(id);
      if (!m) {
        m = new Set();
        inputToMerged.set(id, m);
      }
      m.add(finalId);
    }
  });
  for (const s of inputs) {
    for (const [from, to] of s.aliases) {
      const via = inputToMerged.get(to);
      if (via) for (const t of via) addTarget(from, t);
      else addTarget(from, to);
    }
  }
  // Deterministic choice when an id maps to several merged patterns: the largest, then the smallest id.
  const froms = [...targets.keys()].sort(compare);
  for (const from of froms) {
    const cands = [...targets.get(from)!].sort(
      (a, b) => merged.countOf(b) - merged.countOf(a) || compare(a, b),
    );
    merged.addAlias(from, cands[0]!);
  }
  merged.setLineCount(lines);
  return merged.snapshot();
}
