/**
 * Online clustering of masked token sequences, after Drain: clusters are bucketed by token count
 * and first token, and a line joins the most similar cluster of its bucket when the share of
 * identical tokens reaches the similarity threshold.
 *
 * Unlike Drain, a token that differs from the template does not become `<*>` at once. The position
 * becomes a "split" position holding variants, each part of its own template, because two events
 * often differ in exactly one word (`start`/`end`). Variants sharing a key (`tty=ssh`/`tty=:0`)
 * form a family; a family with more than `maxSplitValues` members becomes one generalised variant
 * (`name=<*>,`), and a position with more than `maxSplitValues` families becomes a variable
 * (`root`/`guest`/`test` -> `<*>`). A line that differs from a template in more than
 * `maxWordDifferences` words is a different event.
 */
import { WILDCARD } from '../mask/token-masker.js';
import { Cluster, coveringVariant } from './cluster.js';
import { generalizeToken, sharedKeyPrefix, tokenCovers } from './token-generalize.js';

/** Tuning of the tree; the defaults in `config.ts` are one setting for all log sources. */
export interface TreeOptions {
  /** Minimum share of identical tokens for a line to join a cluster. */
  similarity: number;
  /** Distinct words (or values of one key) a position holds before it becomes a variable. */
  maxSplitValues: number;
  /** Word differences allowed between a line and a template. */
  maxWordDifferences: number;
}

/** Bucket key of a masked line: token count and first token (`<*>` when it holds a variable). */
export function bucketKey(tokens: readonly string[]): string {
  const first = tokens[0] ?? '';
  const head = first.indexOf(WILDCARD) >= 0 ? WILDCARD : first;
  return `${tokens.length} ${head}`;
}

/**
 * True when two tokens differ as words (`start`/`end`, `(uid=0)`/`LOGIN(uid=0)`) rather than as
 * values behind a shared key (`tty=ssh`/`tty=:0`, `name=a,`/`name=b,`).
 */
export function isWordDifference(a: string, b: string): boolean {
  if (b === WILDCARD || tokenCovers(a, b)) return false;
  return sharedKeyPrefix(a, b) === 0;
}

/**
 * Identical words (outside position 0) a line must share with a cluster of another bucket to join
 * it with a different first word. Program names in front of the event (`chrome.exe - <*> open
 * through proxy <*> HTTPS`) leave five or more; kernel boot lines that name their subject first
 * (`Inode-cache hash table entries: <*> (order: <*>, <*> bytes)`, four words with 4, five with 5 on
 * Loghub Linux) are the cost on the other side: 5 keeps the Loghub-2k average unchanged.
 */
const MIN_SHARED_WORDS = 5;

function countFamilies(variants: Map<string, number>): number {
  const reps: string[] = [];
  for (const v of variants.keys()) {
    if (!reps.some((r) => !isWordDifference(r, v) || !isWordDifference(v, r))) reps.push(v);
  }
  return reps.length;
}

export class ClusterTree {
  private readonly buckets = new Map<string, Cluster[]>();
  /** Clusters by token count, in creation order (for lines whose first token is new). */
  private readonly byLength = new Map<number, Cluster[]>();
  private nextSeq = 1;
  /** All live clusters in creation order. */
  readonly clusters = new Set<Cluster>();

  constructor(readonly options: TreeOptions) {}

  /**
   * The cluster a masked line would join, without changing anything. The line's own bucket (length
   * and first token) is searched first; only when nothing there accepts it are the other clusters of
   * its length tried, because the first token may itself be a variable (`chrome.exe - ...`,
   * `Dropbox.exe - ...`). There position 0 counts like any other position: a differing word uses up
   * the one allowed word difference and becomes a variant, and a third distinct word a variable.
   */
  match(tokens: readonly string[]): Cluster | null {
    const key = bucketKey(tokens);
    const own = this.buckets.get(key);
    if (own !== undefined) {
      const found = this.best(own, tokens, null);
      if (found !== null) return found;
    }
    const all = this.byLength.get(tokens.length);
    if (all === undefined || (own !== undefined && all.length === own.length)) return null;
    return this.best(all, tokens, key);
  }

  /** The best cluster of `list` for a line (skipping clusters of bucket `skip`), or null. */
  private best(list: readonly Cluster[], tokens: readonly string[], skip: string | null): Cluster | null {
    const { similarity, maxWordDifferences } = this.options;
    let best: Cluster | null = null;
    let bestSim = -1;
    let bestParams = -1;
    let bestCovers = false;
    const n = tokens.length;
    for (let ci = 0; ci < list.length; ci++) {
      const c = list[ci]!;
      if (c.bucket === skip) continue;
      let same = 0;
      let params = 0;
      let words = 0;
      let covers = true;
      const t = c.tokens;
      const splits = c.splits;
      for (let i = 0; i < n && words <= maxWordDifferences; i++) {
        const a = t[i]!;
        const b = tokens[i]!;
        if (a === b) {
          if (a === WILDCARD) params++;
          else same++;
          continue;
        }
        if (a === WILDCARD) {
          params++;
          continue;
        }
        const variants = splits === null ? undefined : splits.get(i);
        if (variants !== undefined) {
          if (coveringVariant(variants, b) !== null) {
            same++;
            continue;
          }
          covers = false;
          let keyed = false;
          for (const v of variants.keys()) {
            if (!isWordDifference(v, b)) {
              keyed = true;
              break;
            }
          }
          if (!keyed) words++;
          continue;
        }
        if (tokenCovers(a, b)) {
          params++;
          continue;
        }
        covers = false;
        if (isWordDifference(a, b)) words++;
      }
      if (words > maxWordDifferences) continue;
      // Outside its bucket a cluster needs the rest of the line to name the event: with only a few
      // shared words (`boot (command <*>)`, `cupsd startup succeeded`) the first word is the event.
      if (skip !== null && same < MIN_SHARED_WORDS && !tokenCovers(t[0]!, tokens[0]!)) continue;
      const sim = n === 0 ? 1 : same / n;
      // A cluster whose templates already cover the line wins over any that would have to change
      // (so a line keeps its pattern however the bucket grows); then the most similar; ties go to
      // the cluster with more variables (Drain), then to the older one.
      if (bestCovers && !covers) continue;
      if ((covers && !bestCovers) || sim > bestSim || (sim === bestSim && params > bestParams)) {
        best = c;
        bestSim = sim;
        bestParams = params;
        bestCovers = covers;
      }
    }
    if (best !== null && (bestCovers || bestSim >= similarity || n === 0)) return best;
    return null;
  }

  /**
   * Learns one masked line and returns its cluster. `changed` in the result is true when an existing
   * cluster's templates changed shape (a position generalised or gained a variant).
   */
  learn(tokens: string[], weight = 1): { cluster: Cluster; created: boolean; changed: boolean } {
    const found = this.match(tokens);
    if (found !== null) {
      const before = found.version;
      this.absorb(found, tokens, weight);
      this.rebucket(found);
      return { cluster: found, created: false, changed: found.version !== before };
    }
    const c = this.create(tokens);
    c.count = weight;
    return { cluster: c, created: true, changed: false };
  }

  /**
   * Counts a line already covered by `c` (a cache hit): the counts change, the templates do not.
   */
  touch(c: Cluster, tokens: readonly string[], weight: number): void {
    c.count += weight;
    const splits = c.splits;
    if (splits === null) return;
    for (const [p, variants] of splits) {
      const v = coveringVariant(variants, tokens[p]!);
      if (v !== null) variants.set(v, variants.get(v)! + weight);
    }
  }

  /**
   * Other clusters of `c`'s length whose every template `c` now covers (after `c` generalised): they
   * hold the same event, split earlier because two of its positions varied at once.
   */
  coveredBy(c: Cluster): Cluster[] {
    const out: Cluster[] = [];
    const list = this.byLength.get(c.tokens.length);
    if (list === undefined) return out;
    for (const d of list) {
      if (d === c) continue;
      let all = d.subs.size > 0;
      for (const sub of d.subs.values()) {
        if (!c.covers(sub.tokens)) {
          all = false;
          break;
        }
      }
      if (all) out.push(d);
    }
    return out;
  }

  /** Counts the lines of `d` (covered by `c`, see {@link coveredBy}) in `c` and drops `d`. */
  fold(c: Cluster, d: Cluster): void {
    const splits = c.splits;
    if (splits !== null) {
      for (const sub of d.subs.values()) {
        for (const [p, variants] of splits) {
          const v = coveringVariant(variants, sub.tokens[p]!);
          if (v !== null) variants.set(v, variants.get(v)! + sub.count);
        }
      }
    }
    c.count += d.count;
    this.remove(d);
  }

  /** Turns split position `p` of `c` into a variable (cap on patterns per cluster). */
  forceVariable(c: Cluster, p: number): void {
    if (c.splits?.has(p)) {
      c.version++;
      this.makeVariable(c, p, WILDCARD);
      this.rebucket(c);
    }
  }

  /** Adds a new cluster for `tokens` (used by learning and by snapshot restore). */
  create(tokens: string[], seq?: number): Cluster {
    const key = bucketKey(tokens);
    const c = new Cluster(seq ?? this.nextSeq, tokens.slice(), key);
    this.nextSeq = Math.max(this.nextSeq, c.seq) + 1;
    let list = this.buckets.get(key);
    if (!list) {
      list = [];
      this.buckets.set(key, list);
    }
    list.push(c);
    let same = this.byLength.get(tokens.length);
    if (!same) {
      same = [];
      this.byLength.set(tokens.length, same);
    }
    same.push(c);
    this.clusters.add(c);
    return c;
  }

  /** Removes a cluster (eviction). */
  remove(c: Cluster): void {
    this.unlist(this.buckets, c.bucket, c);
    this.unlist(this.byLength, c.tokens.length, c);
    this.clusters.delete(c);
    c.alive = false;
  }

  private unlist<K>(map: Map<K, Cluster[]>, key: K, c: Cluster): void {
    const list = map.get(key);
    if (!list) return;
    const i = list.indexOf(c);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) map.delete(key);
  }

  /**
   * Moves a cluster whose first template token changed (it became a variable) to the bucket of its
   * new skeleton, in creation order, so that a restored snapshot (bucketed from the skeleton) finds
   * the same candidates in the same order.
   */
  private rebucket(c: Cluster): void {
    const key = bucketKey(c.tokens);
    if (key === c.bucket) return;
    this.unlist(this.buckets, c.bucket, c);
    c.bucket = key;
    let list = this.buckets.get(key);
    if (!list) {
      list = [];
      this.buckets.set(key, list);
    }
    let at = list.length;
    while (at > 0 && list[at - 1]!.seq > c.seq) at--;
    list.splice(at, 0, c);
  }

  get size(): number {
    return this.clusters.size;
  }

  private absorb(c: Cluster, tokens: readonly string[], weight: number): void {
    const t = c.tokens;
    for (let i = 0; i < t.length; i++) {
      const a = t[i]!;
      const b = tokens[i]!;
      const variants = c.splits === null ? undefined : c.splits.get(i);
      if (variants !== undefined) {
        this.addVariant(c, i, variants, b, weight);
        continue;
      }
      if (a === b || a === WILDCARD) continue;
      if (b === WILDCARD || tokenCovers(a, b)) {
        this.setToken(c, i, generalizeToken(a, b));
        continue;
      }
      if (a.indexOf(WILDCARD) >= 0 && !isWordDifference(a, b)) {
        // A partly variable token meeting another value of the same key: widen it.
        this.setToken(c, i, generalizeToken(a, b));
        continue;
      }
      // A different word or value at a literal position: both become variants.
      let splits = c.splits;
      if (splits === null) {
        splits = new Map();
        c.splits = splits;
      }
      const fresh = new Map([[a, c.count]]);
      splits.set(i, fresh);
      c.version++;
      this.addVariant(c, i, fresh, b, weight);
    }
    c.count += weight;
  }

  private setToken(c: Cluster, i: number, token: string): void {
    if (c.tokens[i] !== token) {
      c.tokens[i] = token;
      c.version++;
    }
  }

  private addVariant(c: Cluster, i: number, variants: Map<string, number>, b: string, weight: number): void {
    const hit = coveringVariant(variants, b);
    if (hit !== null) {
      variants.set(hit, variants.get(hit)! + weight);
      return;
    }
    c.version++;
    if (b === WILDCARD) {
      this.makeVariable(c, i, b);
      return;
    }
    const k = this.options.maxSplitValues;
    // The family of b: variants sharing a key prefix with it.
    const family: string[] = [];
    for (const v of variants.keys()) if (!isWordDifference(v, b)) family.push(v);
    if (family.length > 0) {
      if (family.length + 1 > k) {
        let g = b;
        let n = weight;
        for (const v of family) {
          g = generalizeToken(v, g);
          n += variants.get(v)!;
          variants.delete(v);
        }
        variants.set(g, (variants.get(g) ?? 0) + n);
      } else {
        variants.set(b, weight);
      }
    } else if (countFamilies(variants) + 1 > k) {
      this.makeVariable(c, i, b);
      return;
    } else {
      variants.set(b, weight);
    }
    if (variants.size === 1) {
      // Everything folded into one variant: the position is an ordinary template token again.
      c.tokens[i] = variants.keys().next().value as string;
      this.dropSplit(c, i);
    }
  }

  private makeVariable(c: Cluster, i: number, extra: string): void {
    const variants = c.splits === null ? undefined : c.splits.get(i);
    let g = c.tokens[i]!;
    if (variants !== undefined) for (const v of variants.keys()) g = generalizeToken(g, v);
    c.tokens[i] = generalizeToken(g, extra);
    if (variants !== undefined) this.dropSplit(c, i);
  }

  private dropSplit(c: Cluster, i: number): void {
    c.splits!.delete(i);
    if (c.splits!.size === 0) c.splits = null;
  }
}
