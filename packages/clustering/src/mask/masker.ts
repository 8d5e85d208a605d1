/**
 * The configured masking step: extra user rules, the built-in detectors, and the token cap.
 */
import type { MaskRule } from '../config.js';
import { maskTokens, splitTokens } from './line-masker.js';
import { collapseWildcardsInToken, WILDCARD } from './token-masker.js';

/** Private-use character standing for a span matched by an extra rule while the line is scanned. */
const SENTINEL = '\uE000';

/** Result of masking one line's content. */
export interface Masked {
  tokens: string[];
  /** True when tokens beyond the cap were folded into one trailing variable. */
  folded: boolean;
}

export class Masker {
  private readonly rules: RegExp[];

  constructor(
    rules: readonly MaskRule[],
    private readonly maxTokens: number,
  ) {
    this.rules = rules.map((r) => new RegExp(r.pattern, `${r.flags ?? ''}g`));
  }

  /** Masks one line's content into template tokens. */
  mask(content: string): Masked {
    let text = content;
    let sentinels = false;
    if (this.rules.length > 0) {
      // The sentinel must only ever come from a rule match.
      if (text.indexOf(SENTINEL) >= 0) text = text.split(SENTINEL).join('\uFFFD');
      for (const re of this.rules) {
        re.lastIndex = 0;
        const replaced = text.replace(re, SENTINEL);
        if (replaced !== text) {
          sentinels = true;
          text = replaced;
        }
      }
    }
    let raw = splitTokens(text);
    let folded = false;
    if (raw.length > this.maxTokens) {
      raw = raw.slice(0, this.maxTokens - 1);
      folded = true;
    }
    const { tokens } = maskTokens(raw, null);
    if (folded) tokens.push(WILDCARD);
    if (sentinels) {
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!;
        if (t.indexOf(SENTINEL) >= 0) tokens[i] = collapseWildcardsInToken(t.split(SENTINEL).join(WILDCARD));
      }
    }
    return { tokens, folded };
  }
}
