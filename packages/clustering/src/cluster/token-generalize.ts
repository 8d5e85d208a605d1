/**
 * Token-level template operations: does a template token cover a line token, and what is the most
 * specific template token covering two different tokens.
 */
import { C_DELIM, charFlags } from '../mask/char-class.js';
import { collapseWildcardsInToken, WILDCARD } from '../mask/token-masker.js';

const W0 = WILDCARD.charCodeAt(0);

/**
 * True when `pattern` (with `<*>` matching any text, possibly empty) covers `text`. Linear: the
 * literal pieces are found left to right (leftmost occurrence), the last one anchored at the end.
 */
export function tokenCovers(pattern: string, text: string): boolean {
  if (pattern === text || pattern === WILDCARD) return true;
  let w = pattern.indexOf(WILDCARD);
  if (w < 0) return false;
  // First piece: anchored at the start.
  if (!text.startsWith(pattern.slice(0, w))) return false;
  let ti = w;
  let pi = w + WILDCARD.length;
  while (true) {
    w = pattern.indexOf(WILDCARD, pi);
    if (w < 0) {
      // Last piece: anchored at the end, after everything matched so far.
      const last = pattern.length - pi;
      return text.length - last >= ti && text.endsWith(pattern.slice(pi));
    }
    if (w > pi) {
      const at = text.indexOf(pattern.slice(pi, w), ti);
      if (at < 0) return false;
      ti = at + (w - pi);
    }
    pi = w + WILDCARD.length;
  }
}

function isBoundaryChar(code: number): boolean {
  return (charFlags(code) & C_DELIM) !== 0;
}

/**
 * Most specific token covering both `a` (a template token) and `b`: the longest common prefix that
 * ends right after a delimiter, `<*>`, and the longest common suffix that starts at a delimiter or is
 * a run of trailing dots. Values never split inside a delimiter-free segment.
 *
 * @example
 * generalizeToken('name=android,', 'name=com.example,'); // 'name=<*>,'
 * generalizeToken('root', 'guest'); // '<*>'
 */
export function generalizeToken(a: string, b: string): string {
  if (tokenCovers(a, b)) return a;
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  // Cut the prefix back to just after a delimiter (and never through a wildcard).
  let prefix = 0;
  for (let i = 0; i < p; i++) {
    if (a.charCodeAt(i) === W0 && a.startsWith(WILDCARD, i)) {
      // A variable both share stays (`<*>|a|<*>` / `<*>|b|<*>` -> `<*>|<*>|<*>`); one cut off stops.
      if (i + WILDCARD.length > p) break;
      i += WILDCARD.length - 1;
      continue;
    }
    if (isBoundaryChar(a.charCodeAt(i)) || a.charCodeAt(i) === 47) prefix = i + 1;
  }
  let s = 0;
  while (s < max - prefix && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  let suffix = 0;
  // Trailing dots are sentence punctuation, kept outside the value.
  let dots = 0;
  while (dots < s && a.charCodeAt(a.length - 1 - dots) === 46) dots++;
  suffix = dots;
  for (let k = 1; k <= s; k++) {
    // A cut at `<` starts a whole wildcard, which is fine; `*` and `>` are not boundaries.
    if (isBoundaryChar(a.charCodeAt(a.length - k))) suffix = k;
  }
  if (prefix + suffix > a.length) suffix = a.length - prefix;
  return collapseWildcardsInToken(a.slice(0, prefix) + WILDCARD + a.slice(a.length - suffix));
}

/** Length of the longest common prefix of `a` and `b` that ends right after a delimiter (0 if none). */
export function sharedKeyPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  for (let i = 0; i < max; i++) {
    const c = a.charCodeAt(i);
    if (c !== b.charCodeAt(i)) break;
    if (c === W0 && a.startsWith(WILDCARD, i)) break;
    if (isBoundaryChar(c)) prefix = i + 1;
  }
  return prefix;
}
