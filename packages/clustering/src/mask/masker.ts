/**
 * The configured masking step as a string function: extra user rules, then the built-in detectors
 * and the token cap. (The clusterer's hot path scans without rules straight into its memo.)
 */
import type { MaskRule } from '../config.js';
import { lastScanFolded, scanLine } from './line-scanner.js';
import { collapseWildcardsInToken, WILDCARD } from './token-masker.js';

/** Private-use character standing for a span matched by an extra rule while the line is scanned. */
const SENTINEL = '\uE000';

export class Masker {
  private readonly rules: RegExp[];
  /** Set by `mask`: tokens beyond the cap were folded into one trailing variable. */
  folded = false;

  constructor(
    rules: readonly MaskRule[],
    private readonly maxTokens: number,
  ) {
    this.rules = rules.map((r) => new RegExp(r.pattern, `${r.flags ?? ''}g`));
  }

  /** Masks one line's content; returns its key (masked tokens joined by single spaces). */
  mask(content: string): string {
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
