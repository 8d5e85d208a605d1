/**
 * Variable values of a line under a template: the template's literal pieces are located in the
 * line (whitespace runs read as one space) left to right, and the text between them is the values.
 * Linear time, no regular expressions.
 */
import { splitTokens } from '../mask/line-masker.js';
import { WILDCARD } from '../mask/token-masker.js';

/**
 * Returns the text matched by each `<*>` of `template` in `content`, or an empty array when the
 * template does not cover the content.
 *
 * @example
 * extractParams('user <*> logged in from <*>', 'user bob logged in from 10.0.0.1'); // ['bob', '10.0.0.1']
 */
export function extractParams(template: string, content: string): string[] {
  const text = splitTokens(content).join(' ');
  const pieces = template.split(WILDCARD);
  if (pieces.length === 1) return [];
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return [];
  const end = text.length - last.length;
  const out: string[] = [];
  let at = first.length;
  for (let k = 1; k < pieces.length - 1; k++) {
    const piece = pieces[k]!;
    // An empty piece (touching wildcards) cannot happen in canonical templates; treat it as no split.
    const found = piece === '' ? at : text.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return [];
    out.push(text.slice(at, found));
    at = found + piece.length;
  }
  out.push(text.slice(at, end));
  return out;
}
