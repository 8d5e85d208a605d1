/**
 * Variables with spaces inside an enclosing pair of delimiters: a template token such as `"<*>"`,
 * `tag="<*>",` or `(<*>)` may stand for a run of line tokens (`"Mozilla/5.0 (X11; Linux)"`,
 * `tag="View Lock",`), so lines of different lengths can be the same event.
 */
import { WILDCARD } from '../mask/token-masker.js';
import { tokenCovers } from './token-generalize.js';

/**
 * Tokens beyond a cluster's length that one enclosed variable may take (a browser user agent is
 * about a dozen).
 */
export const MAX_SPAN_EXTRA = 16;

const CLOSER: Record<string, string> = { '"': '"', "'": "'", '(': ')', '[': ']', '{': '}', '<': '>' };

/**
 * Joins tokens[p..p+d] with spaces when `template` (an enclosed variable such as `"<*>"`) covers
 * the result and the value between the delimiters holds no stray closing delimiter; null otherwise.
 * A bare `<*>` (a span variable; the caller knows the position is one) takes any run.
 */
export function joinSpan(template: string, tokens: readonly string[], p: number, d: number): string | null {
  if (template === WILDCARD) {
    // A span variable: any run of tokens (the rest of the line decides whether it aligns).
    let joined = tokens[p]!;
    for (let i = p + 1; i <= p + d; i++) joined += ` ${tokens[i]!}`;
    return joined;
  }
  const w = template.indexOf(WILDCARD);
  const open = template[w - 1]!;
  const close = CLOSER[open]!;
  const first = tokens[p]!;
  // Cheap checks first: the run must open like the template and close like it.
  if (!first.startsWith(template.slice(0, w))) return null;
  const last = tokens[p + d]!;
  if (!last.endsWith(template.slice(w + WILDCARD.length))) return null;
  let joined = first;
  for (let i = p + 1; i <= p + d; i++) joined += ` ${tokens[i]!}`;
  if (!tokenCovers(template, joined)) return null;
  // The value itself: between the opening delimiter and the matching closing one.
  const from = w;
  const to = joined.length - (template.length - w - WILDCARD.length);
  let depth = 0;
  for (let i = from; i < to; i++) {
    const ch = joined[i];
    if (open === close) {
      if (ch === close) return null;
    } else if (ch === open) depth++;
    else if (ch === close && --depth < 0) return null;
  }
  return depth === 0 ? joined : null;
}

const OPENERS = '"\'([{<';
const CLOSERS = '"\')]}>';

/** A token with exactly one `<*>`, right between an opening delimiter and its closing one (`"<*>"`). */
export function isEnclosedVariable(token: string): boolean {
  const w = token.indexOf(WILDCARD);
  if (w <= 0 || token.indexOf(WILDCARD, w + 1) >= 0) return false;
  const k = OPENERS.indexOf(token[w - 1]!);
  return k >= 0 && token[w + WILDCARD.length] === CLOSERS[k];
}
