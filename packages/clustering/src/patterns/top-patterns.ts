/**
 * Top patterns: families of near-identical templates (the seed's `top_pattern`). Templates are
 * grouped by a pass of the clustering tree over the pattern list in template order (so the grouping
 * does not depend on arrival order), generalising at once: same length, at least half of the tokens
 * identical (a different first token needs five shared words, as for lines); the family's template
 * has `<*>` wherever its members differ, and its id is the hash of that template (a family of one
 * has the id of its only pattern).
 */
import type { Cluster } from '../cluster/cluster.js';
import { ClusterTree } from '../cluster/cluster-tree.js';
import { generalizeToken } from '../cluster/token-generalize.js';
import { fnv1a64Hex } from '../util/fnv64.js';

/** One family of patterns. */
export interface TopPattern {
  topPatternId: string;
  template: string;
  /** Lines of all member patterns. */
  count: number;
  /** Member pattern ids, sorted. */
  patternIds: string[];
}

/** Input of the grouping: a pattern's id, template and count. */
export interface PatternSummary {
  patternId: string;
  template: string;
  count: number;
}

/**
 * Groups patterns into top patterns.
 *
 * @example
 * groupTopPatterns([
 *   { patternId: 'a', template: 'job <*> started on node1', count: 3 },
 *   { patternId: 'b', template: 'job <*> started on node2', count: 1 },
 * ])[0]?.template; // 'job <*> started on <*>'
 */
export function groupTopPatterns(patterns: readonly PatternSummary[]): TopPattern[] {
  const sorted = patterns
    .slice()
    .sort((x, y) => (x.template < y.template ? -1 : x.template > y.template ? 1 : 0));
  // Immediate generalisation, no word-difference limit: plain Drain similarity.
  const tree = new ClusterTree({ similarity: 0.5, maxSplitValues: 1, maxWordDifferences: 1_000_000 });
  const members = new Map<Cluster, PatternSummary[]>();
  for (const p of sorted) {
    const tokens = p.template === '' ? [] : p.template.split(' ');
    const { cluster } = tree.learn(tokens);
    let list = members.get(cluster);
    if (!list) {
      list = [];
      members.set(cluster, list);
    }
    list.push(p);
  }
  const out: TopPattern[] = [];
  for (const [cluster, list] of members) {
    const template = familyTemplate(cluster).join(' ');
    out.push({
      topPatternId: fnv1a64Hex(template),
      template,
      count: list.reduce((n, p) => n + p.count, 0),
      patternIds: list.map((p) => p.patternId).sort(),
    });
  }
  out.sort((a, b) => b.count - a.count || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0));
  return out;
}

/**
 * The family's template: the cluster skeleton with every position where members still differ (split
 * positions, e.g. capitalised state names kept apart in patterns) generalised.
 */
function familyTemplate(cluster: Cluster): string[] {
  const tokens = cluster.tokens.slice();
  if (cluster.splits !== null) {
    for (const [p, variants] of cluster.splits) {
      let g = tokens[p]!;
      for (const v of variants.keys()) g = generalizeToken(g, v);
      tokens[p] = g;
    }
  }
  return tokens;
}
