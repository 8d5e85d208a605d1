/**
 * A cluster: lines of the same length whose templates differ in at most a few "split" positions
 * (the first token included). Each split position holds variants (token -> line count); a line's own template
 * is the cluster skeleton with the variant covering its token at every split position.
 */
import { WILDCARD } from '../mask/token-masker.js';
import type { PatternRecord } from '../patterns/pattern-registry.js';
import { isEnclosedVariable } from './span-join.js';
import { tokenCovers } from './token-generalize.js';

/** Sub-pattern: the lines of a cluster sharing one exact template. */
export interface SubPattern {
  /** Template tokens of this sub-pattern (before run canonicalisation). */
  tokens: string[];
  /** Template text: `tokens.join(' ')`. */
  raw: string;
  /** Lines counted in this sub-pattern. */
  count: number;
  /** Set when the sub-pattern was folded into another one of the same cluster. */
  mergedInto: SubPattern | null;
  /** The cluster holding this sub-pattern. */
  cluster: Cluster;
  /** The pattern this sub-pattern counts towards (null while detached). */
  record: PatternRecord | null;
}

export class Cluster {
  /** Template tokens; at split positions, the first variant seen. */
  tokens: string[];
  /** Variants (token -> line count) per split position, or null when there are none. */
  splits: Map<number, Map<string, number>> | null = null;
  /** Lines learned into this cluster. */
  count = 0;
  /** Logical time of the last line learned (for least-recently-used eviction). */
  lastUsed = 0;
  /** Bumped whenever the skeleton or the variants change shape (not on count changes). */
  version = 0;
  /** False once evicted. */
  alive = true;
  /** Sub-patterns by template text. */
  readonly subs = new Map<string, SubPattern>();
  /**
   * Span variables: positions whose `<*>` stands for a run of one or more tokens (a value with spaces
   * that no delimiter encloses, `The <*> service entered the <*> state.`), sorted; null when none.
   */
  spans: number[] | null = null;
  private enclosed: readonly number[] = [];
  private enclosedVersion = -1;

  constructor(
    /** Creation order within its tree (internal, not an id). */
    readonly seq: number,
    tokens: string[],
    /** Bucket key: token count and first token of the skeleton (changes when it generalises). */
    public bucket: string,
  ) {
    this.tokens = tokens;
  }

  /**
   * Positions that may hold a value with spaces: enclosed variables, template tokens whose `<*>` sits
   * between an opening and its closing delimiter (`"<*>"`, `tag="<*>",`, `(<*>)`), and span
   * variables. Not split positions. Cached per version.
   */
  enclosedPositions(): readonly number[] {
    if (this.enclosedVersion === this.version) return this.enclosed;
    const out: number[] = [];
    for (let i = 0; i < this.tokens.length; i++) {
      if (this.splits?.has(i)) continue;
      if (isEnclosedVariable(this.tokens[i]!) || this.isSpan(i)) out.push(i);
    }
    this.enclosed = out;
    this.enclosedVersion = this.version;
    return out;
  }

  /** True when position `p` is a span variable. */
  isSpan(p: number): boolean {
    return this.spans?.includes(p) === true && this.tokens[p] === WILDCARD;
  }

  /** True when the cluster's templates already cover a masked line (learning it changes no template). */
  covers(tokens: readonly string[]): boolean {
    if (tokens.length !== this.tokens.length) return false;
    for (let i = 0; i < tokens.length; i++) {
      const variants = this.splits?.get(i);
      if (variants !== undefined) {
        if (coveringVariant(variants, tokens[i]!) === null) return false;
      } else if (!tokenCovers(this.tokens[i]!, tokens[i]!)) {
        return false;
      }
    }
    return true;
  }

  /** Template tokens of a line of this cluster whose masked tokens are `tokens`. */
  templateFor(tokens: readonly string[]): string[] {
    const splits = this.splits;
    if (!splits) return this.tokens;
    const t = this.tokens.slice();
    for (const [p, variants] of splits) t[p] = coveringVariant(variants, tokens[p]!) ?? tokens[p]!;
    return t;
  }
}

/** The variant covering `token`, or null. */
export function coveringVariant(variants: Map<string, number>, token: string): string | null {
  if (variants.has(token)) return token;
  for (const v of variants.keys()) if (tokenCovers(v, token)) return v;
  return null;
}
