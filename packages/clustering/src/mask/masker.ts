/**
 * The configured masking step: extra user rules, then the built-in detectors and the token cap,
 * behind a cache of recently masked lines (masking is a pure function of the line, so the cache
 * never changes a result; it only skips work when lines repeat exactly).
 */
import type { MaskRule } from '../config.js';
import { lastScanFolded, scanLine } from './line-scanner.js';
import { collapseWildcardsInToken, WILDCARD } from './token-masker.js';

/** Private-use character standing for a span matched by an extra rule while the line is scanned. */
const SENTINEL = '\uE000';

/** Lookups per adaptive window of the line cache. */
const WINDOW = 4096;
/** Lines to skip the cache for when it stopped paying off. */
const PAUSE = 65536;

export class Masker {
  private readonly rules: RegExp[];
  /** Set by `mask`: tokens beyond the cap were folded into one trailing variable. */
  folded = false;
  private readonly cache = new Map<string, string>();
  private lookups = 0;
  private hits = 0;
  private paused = 0;

  constructor(
    rules: readonly MaskRule[],
    private readonly maxTokens: number,
    private readonly cacheSize: number,
  ) {
    this.rules = rules.map((r) => new RegExp(r.pattern, `${r.flags ?? ''}g`));
  }

  /** Masks one line's content; returns its key (masked tokens joined by single spaces). */
  mask(content: string): string {
    if (this.cacheSize === 0 || content.length > 512) return this.compute(content);
    if (this.paused > 0) {
      this.paused--;
      return this.compute(content);
    }
    const hit = this.cache.get(content);
    this.lookups++;
    if (hit !== undefined) {
      this.hits++;
      this.folded = false;
      return hit;
    }
    if (this.lookups >= WINDOW) {
      // Mostly unique lines: hashing them costs more than it saves, so pause the cache for a while.
      if (this.hits * 10 < this.lookups) this.paused = PAUSE;
      this.lookups = 0;
      this.hits = 0;
    }
    const key = this.compute(content);
    if (!this.folded) {
      if (this.cache.size >= this.cacheSize) this.cache.clear();
      this.cache.set(content, key);
    }
    return key;
  }

  private compute(content: string): string {
    if (this.rules.length === 0) {
      const key = scanLine(content, this.maxTokens);
      this.folded = lastScanFolded();
      return key;
    }
    // The sentinel must only ever come from a rule match.
    let text = content.indexOf(SENTINEL) >= 0 ? content.split(SENTINEL).join('\uFFFD') : content;
    let matched = false;
    for (const re of this.rules) {
      re.lastIndex = 0;
      const replaced = text.replace(re, SENTINEL);
      if (replaced !== text) {
        matched = true;
        text = replaced;
      }
    }
    const key = scanLine(text, this.maxTokens);
    this.folded = lastScanFolded();
    if (!matched) return key;
    const tokens = key.split(' ');
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.indexOf(SENTINEL) >= 0) tokens[i] = collapseWildcardsInToken(t.split(SENTINEL).join(WILDCARD));
    }
    return tokens.join(' ');
  }
}
