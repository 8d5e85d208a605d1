/**
 * Line-level helpers around the scanner: whitespace tokenisation and the masked tokens of a line.
 */
import { isSpace } from './char-class.js';
import { scanLine } from './line-scanner.js';

/** Splits on runs of whitespace, dropping leading and trailing whitespace. */
export function splitTokens(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && !isSpace(line.charCodeAt(i))) i++;
    out.push(line.slice(s, i));
  }
  return out;
}

/**
 * The masked tokens of a line with the built-in detectors (no extra rules, no token cap).
 *
 * @example
 * maskLine('connection from 10.0.0.1 at Fri Jun 17 07:07:00 2005');
 * // ['connection', 'from', '<*>', 'at', '<*>']
 */
export function maskLine(line: string): string[] {
  const key = scanLine(line, Number.MAX_SAFE_INTEGER);
  return key === '' ? [] : key.split(' ');
}
