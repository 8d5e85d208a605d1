/**
 * The hot path of masking: one pass over a line that finds its tokens, lets plain words through
 * untouched (copying runs of them as one slice of the input), and sends only the tokens that may hold
 * a variable to the token masker. The result is the masked line, tokens joined by single spaces, which
 * is both the cache key and (split on spaces) the token sequence that gets clustered.
 */
import { C_DIGIT, C_HEX, C_JOIN, C_LETTER, C_SPACE, charFlags } from './char-class.js';
import { isSizeUnitAt, matchTimestampAt, timestampTailStart } from './multi-token.js';
import { maskToken, WILDCARD } from './token-masker.js';

let folded = false;

/** Whether the last `scanLine` folded tokens beyond the cap into a trailing `<*>`. */
export function lastScanFolded(): boolean {
  return folded;
}

// Token boundaries and per-token character-class summaries, reused across calls (single-threaded).
let starts = new Int32Array(512);
let ends = new Int32Array(512);
let orFlags = new Uint8Array(512);
let andFlags = new Uint8Array(512);

function grow(): void {
  const n = starts.length * 2;
  const s = new Int32Array(n);
  s.set(starts);
  starts = s;
  const e = new Int32Array(n);
  e.set(ends);
  ends = e;
  const o = new Uint8Array(n);
  o.set(orFlags);
  orFlags = o;
  const a = new Uint8Array(n);
  a.set(andFlags);
  andFlags = a;
}

const LETTER_OR_JOIN = C_LETTER | C_JOIN | C_HEX;

/** Finds tokens (maximal non-whitespace runs), up to `max`; returns their count. */
function tokenize(line: string, max: number): number {
  const n = line.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    if (c < 128 && (charFlags(c) & C_SPACE) !== 0) {
      i++;
      continue;
    }
    if (count === starts.length) grow();
    if (count === max) {
      // Everything left is one token: the caller folds it into a variable.
      starts[count] = i;
      let e = n;
      while (e > i && isSpaceCode(line.charCodeAt(e - 1))) e--;
      ends[count] = e;
      orFlags[count] = 0;
      andFlags[count] = 0;
      return count + 1;
    }
    starts[count] = i;
    let or = 0;
    let and = 0xff;
    while (i < n) {
      c = line.charCodeAt(i);
      const f = c < 128 ? charFlags(c) : C_LETTER;
      if ((f & C_SPACE) !== 0) break;
      or |= f;
      and &= f;
      i++;
    }
    ends[count] = i;
    orFlags[count] = or;
    andFlags[count] = and;
    count++;
  }
  return count;
}

function isSpaceCode(c: number): boolean {
  return c < 128 && (charFlags(c) & C_SPACE) !== 0;
}

/** `true`/`false`/`null` in any letter case. */
function isLiteralValueAt(line: string, s: number, e: number): boolean {
  const len = e - s;
  if (len !== 4 && len !== 5) return false;
  const w = line.slice(s, e).toLowerCase();
  return w === 'true' || w === 'false' || w === 'null';
}

/**
 * Masks a line into its key: masked tokens joined by single spaces. At most `maxTokens` tokens are
 * kept; the rest of the line becomes one trailing `<*>` (then `lastScanFolded()` is true).
 *
 * @example
 * scanLine('took  15 ms', 256); // 'took <*> ms'
 */
export function scanLine(line: string, maxTokens: number): string {
  const n = tokenize(line, maxTokens - 1);
  folded = n === maxTokens && orFlags[n - 1] === 0 && andFlags[n - 1] === 0;
  let key = '';
  let sep = false;
  // Current run of unchanged tokens, copied later as one slice.
  let runStart = -1;
  let runEnd = -1;
  const last = folded ? n - 1 : n;
  for (let i = 0; i < last; i++) {
    const s = starts[i]!;
    const e = ends[i]!;
    const or = orFlags[i]!;
    let out: string | null = null;
    if ((or & ~LETTER_OR_JOIN) === 0 && (or & C_LETTER) !== 0) {
      // Letters and joiners only (no digit, no delimiter): a word, unless it is a literal value, a
      // long hex string, or the start of a timestamp or a path-like joiner run.
      const c0 = line.charCodeAt(s);
      const len = e - s;
      if (len === 4 || len === 5) {
        if (isLiteralValueAt(line, s, e)) out = WILDCARD;
      } else if (len >= 8 && (andFlags[i]! & C_HEX) !== 0) {
        const tok = line.slice(s, e);
        const m = maskToken(tok);
        if (m !== tok) out = m;
      }
      if (out === null && len >= 3 && len <= 10 && i + 2 < n && mayStartTimestamp(line, s)) {
        const ts = matchTimestampAt(line, starts, ends, i, n);
        if (ts > 0) {
          const tail = line.slice(timestampTailStart(), ends[i + ts - 1]!);
          if (runStart >= 0) {
            key += (sep ? ' ' : '') + line.slice(runStart, runEnd);
            sep = true;
            runStart = -1;
          }
          key += (sep ? ' ' : '') + WILDCARD + tail;
          sep = true;
          i += ts - 1;
          continue;
        }
      }
      if (out === null && (or & C_JOIN) !== 0 && needsTokenMasker(line, s, e)) {
        const tok = line.slice(s, e);
        const m = maskToken(tok);
        if (m !== tok) out = m;
      }
    } else if ((or & C_SPACE) === 0 && or !== 0) {
      // Digits or delimiters: dates first, then the token masker.
      if ((or & C_DIGIT) !== 0 && i + 1 < n) {
        const ts = matchTimestampAt(line, starts, ends, i, n);
        if (ts > 0) {
          if (runStart >= 0) {
            key += (sep ? ' ' : '') + line.slice(runStart, runEnd);
            sep = true;
            runStart = -1;
          }
          key += (sep ? ' ' : '') + WILDCARD + line.slice(timestampTailStart(), ends[i + ts - 1]!);
          sep = true;
          i += ts - 1;
          continue;
        }
      }
      const tok = line.slice(s, e);
      const m = maskToken(tok);
      if (m !== tok) out = m;
      // `5.2 KB` is one size: fold the unit into the number.
      if (m === WILDCARD && i + 1 < last) {
        const tail = isSizeUnitAt(line, starts[i + 1]!, ends[i + 1]!);
        if (tail !== null) {
          out = WILDCARD + tail;
          i++;
        }
      }
    }
    if (out === null) {
      // Unchanged: extend the run when separated from it by exactly one space.
      if (runStart >= 0 && s === runEnd + 1 && line.charCodeAt(runEnd) === 32) {
        runEnd = e;
      } else {
        if (runStart >= 0) {
          key += (sep ? ' ' : '') + line.slice(runStart, runEnd);
          sep = true;
        }
        runStart = s;
        runEnd = e;
      }
      continue;
    }
    if (runStart >= 0) {
      key += (sep ? ' ' : '') + line.slice(runStart, runEnd);
      sep = true;
      runStart = -1;
    }
    key += (sep ? ' ' : '') + out;
    sep = true;
  }
  if (runStart >= 0) {
    // The whole line unchanged and already normalised: no copy at all.
    if (!sep && runStart === 0 && runEnd === line.length) key = line;
    else key += (sep ? ' ' : '') + line.slice(runStart, runEnd);
    sep = true;
  }
  if (folded) key += (sep ? ' ' : '') + WILDCARD;
  return key;
}

/** Three-letter prefixes of month and weekday names, packed lower-case (cheap pre-check). */
const DATE_PREFIXES = new Set(
  'jan feb mar apr may jun jul aug sep oct nov dec mon tue wed thu fri sat sun'
    .split(' ')
    .map((w) => (w.charCodeAt(0) << 16) | (w.charCodeAt(1) << 8) | w.charCodeAt(2)),
);

function mayStartTimestamp(line: string, s: number): boolean {
  const k = ((line.charCodeAt(s) | 32) << 16) | ((line.charCodeAt(s + 1) | 32) << 8) | (line.charCodeAt(s + 2) | 32);
  return DATE_PREFIXES.has(k);
}

/**
 * Letters and joiners only: the token masker is needed when a joiner can start a path (`/`, `\`,
 * `~`, `./`) or the token has two or more `/` (relative path).
 */
function needsTokenMasker(line: string, s: number, e: number): boolean {
  const c0 = line.charCodeAt(s);
  if (c0 === 47 || c0 === 92 || c0 === 126 || c0 === 46) return true;
  let slashes = 0;
  for (let j = s; j < e; j++) {
    const c = line.charCodeAt(j);
    if (c === 47) {
      if (++slashes >= 2) return true;
    } else if (c === 92) {
      return true;
    }
  }
  return false;
}
