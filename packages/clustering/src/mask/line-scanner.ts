/**
 * The hot path of masking: one pass over a line that finds its tokens, lets plain words through
 * untouched (copying runs of them as one slice of the input), and sends only the tokens that may hold
 * a variable to the token masker. The result is the masked line, tokens joined by single spaces, which
 * is both the cache key and (split on spaces) the token sequence that gets clustered.
 */
import { C_DASH, C_DIGIT, C_DOT, C_HEX, C_JOIN, C_LETTER, C_SLASH, C_SPACE, charFlags, FLAGS } from './char-class.js';
import { isSizeUnitAt, matchTimestampAt, timestampTailStart } from './multi-token.js';
import { isLiteralValue, maskToken, WILDCARD } from './token-masker.js';

let folded = false;

/** Whether the last `scanLine` folded tokens beyond the cap into a trailing `<*>`. */
export function lastScanFolded(): boolean {
  return folded;
}

// Token boundaries and per-token character-class summaries, reused across calls (single-threaded).
let starts = new Int32Array(512);
let ends = new Int32Array(512);
let orFlags = new Uint16Array(512);
let andFlags = new Uint16Array(512);

function grow(): void {
  const n = starts.length * 2;
  const s = new Int32Array(n);
  s.set(starts);
  starts = s;
  const e = new Int32Array(n);
  e.set(ends);
  ends = e;
  const o = new Uint16Array(n);
  o.set(orFlags);
  orFlags = o;
  const a = new Uint16Array(n);
  a.set(andFlags);
  andFlags = a;
}

/** Reused buffer of key pieces. */
const pieces: string[] = [];

const LETTER_OR_JOIN = C_LETTER | C_JOIN | C_HEX | C_DOT | C_DASH | C_SLASH;

/** Finds tokens (maximal non-whitespace runs), up to `max`; returns their count. */
function tokenize(line: string, max: number): number {
  const n = line.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    if (c < 128 && (FLAGS[c]! & C_SPACE) !== 0) {
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
    let and = 0xffff;
    while (i < n) {
      c = line.charCodeAt(i);
      const f = c < 128 ? FLAGS[c]! : C_LETTER;
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
  // Pieces of the key (runs of unchanged tokens, masked tokens), joined once at the end.
  const parts = pieces;
  parts.length = 0;
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
        if (isLiteralValue(line, s, e)) out = WILDCARD;
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
            parts.push(line.slice(runStart, runEnd));
            runStart = -1;
          }
          parts.push(tail === '' ? WILDCARD : WILDCARD + tail);
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
      if ((or & C_DIGIT) !== 0 && i + 1 < n && e - s >= 8 && (or & (C_DASH | C_SLASH)) !== 0) {
        const ts = matchTimestampAt(line, starts, ends, i, n);
        if (ts > 0) {
          if (runStart >= 0) {
            parts.push(line.slice(runStart, runEnd));
            runStart = -1;
          }
          const te = ends[i + ts - 1]!;
          const tail = timestampTailStart();
          parts.push(tail === te ? WILDCARD : WILDCARD + line.slice(tail, te));
          i += ts - 1;
          continue;
        }
      }
      let m: string;
      if ((andFlags[i]! & C_DIGIT) !== 0) {
        m = WILDCARD; // digits only: the most common variable, no need for the token masker
        out = m;
      } else {
        const tok = line.slice(s, e);
        m = maskToken(tok, or);
        if (m !== tok) out = m;
      }
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
        if (runStart >= 0) parts.push(line.slice(runStart, runEnd));
        runStart = s;
        runEnd = e;
      }
      continue;
    }
    if (runStart >= 0) {
      parts.push(line.slice(runStart, runEnd));
      runStart = -1;
    }
    parts.push(out);
  }
  if (runStart >= 0) {
    // The whole line unchanged and already normalised: no copy at all.
    if (parts.length === 0 && runStart === 0 && runEnd === line.length && !folded) return line;
    parts.push(line.slice(runStart, runEnd));
  }
  if (folded) parts.push(WILDCARD);
  const key = parts.length === 1 ? parts[0]! : parts.join(' ');
  parts.length = 0;
  return key;
}

/** Three-letter prefixes of month and weekday names, packed lower-case (cheap pre-check). */
const DATE_PREFIXES = new Set(
  'jan feb mar apr may jun jul aug sep oct nov dec mon tue wed thu fri sat sun'
    .split(' ')
    .map((w) => (w.charCodeAt(0) << 16) | (w.charCodeAt(1) << 8) | w.charCodeAt(2)),
);

/** Bit per lower-case first letter of a month or weekday name (a..z -> bit 0..25). */
const DATE_FIRST = [...'jfmasondtw'].reduce((m, ch) => m | (1 << (ch.charCodeAt(0) - 97)), 0);

function mayStartTimestamp(line: string, s: number): boolean {
  const f = (line.charCodeAt(s) | 32) - 97;
  if (f < 0 || f > 25 || (DATE_FIRST & (1 << f)) === 0) return false;
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
