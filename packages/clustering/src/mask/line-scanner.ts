/**
 * The hot path of masking: one pass over a line that finds its tokens, lets plain words through
 * untouched (copying runs of them as one slice of the input), and sends only the tokens that may hold
 * a variable to the token masker. The result is the masked line, tokens joined by single spaces, which
 * is both the cache key and (split on spaces) the token sequence that gets clustered.
 *
 * Everything reads the line's byte view (`loadCodes`: one byte per UTF-16 unit, filled natively for
 * ASCII lines), never `charCodeAt`; strings are only made for what goes into the key.
 */

import { detach } from '../util/detach.js';
import {
  C_DASH,
  C_DIGIT,
  C_DOT,
  C_HEX,
  C_JOIN,
  C_LETTER,
  C_SLASH,
  C_SPACE,
  FLAGS,
  lastCodesAscii,
  loadCodes,
  loadedCodes,
  loadedView,
  NON_ASCII,
} from './char-class.js';
import {
  isSizeUnitAt,
  isTimeUnitAt,
  matchTimestampAt,
  timestampLeadEnd,
  timestampTailStart,
} from './multi-token.js';
import { isLiteralValue, maskTokenAt, WILDCARD } from './token-masker.js';

let folded = false;
/** The line of the last `scanPieces` (its byte view is `loadedCodes()` until the next scan). */
let scanned = '';

/** Whether the last `scanLine` folded tokens beyond the cap into a trailing `<*>`. */
export function lastScanFolded(): boolean {
  return folded;
}

// Token boundaries and per-token character-class summaries, reused across calls (single-threaded).
let starts = new Int32Array(512);
let ends = new Int32Array(512);
let orFlags = new Uint16Array(512);
// Polynomial hash (h = h * 31 + c, 32-bit) of each token and 31^length, for the key hash.
let tokHash = new Int32Array(512);
let tokPow = new Int32Array(512);

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
  const h = new Int32Array(n);
  h.set(tokHash);
  tokHash = h;
  const p = new Int32Array(n);
  p.set(tokPow);
  tokPow = p;
}

const LETTER_OR_JOIN = C_LETTER | C_JOIN | C_HEX | C_DOT | C_DASH | C_SLASH;

/** Finds tokens (maximal non-whitespace runs) of codes[0..n), up to `max`; returns their count. */
function tokenize(codes: Uint8Array, n: number, max: number): number {
  // Locals, not module bindings, in the per-character loop (an imported binding costs a check per read).
  const flags = FLAGS;
  let count = 0;
  let i = 0;
  while (i < n) {
    let c = codes[i]!;
    if ((flags[c]! & C_SPACE) !== 0) {
      i++;
      continue;
    }
    if (count === starts.length) grow();
    if (count === max) {
      // Everything left is one token: the caller folds it into a variable.
      starts[count] = i;
      let e = n;
      while (e > i && (flags[codes[e - 1]!]! & C_SPACE) !== 0) e--;
      ends[count] = e;
      // No flags: marks the folded rest (every character of a real token has some flag).
      orFlags[count] = 0;
      return count + 1;
    }
    starts[count] = i;
    let or = 0;
    let h = 0;
    const s = i;
    while (i < n) {
      c = codes[i]!;
      const f = flags[c]!;
      if ((f & C_SPACE) !== 0) break;
      or |= f;
      h = (Math.imul(h, 31) + c) | 0;
      i++;
    }
    ends[count] = i;
    orFlags[count] = or;
    tokHash[count] = h;
    tokPow[count] = pow31(i - s);
    count++;
    // The token ended at whitespace (or the end): step over it here rather than in the next round.
    i++;
  }
  return count;
}

// 31^k (32-bit) for k up to the longest token seen, grown on demand.
let POW31 = new Int32Array(1024);
POW31[0] = 1;
let powFilled = 1;

/** 31^k as a 32-bit integer (the multiplier that shifts a hash past k characters). */
function pow31(k: number): number {
  if (k < powFilled) return POW31[k]!;
  if (k >= POW31.length) {
    let size = POW31.length;
    while (size <= k) size *= 2;
    const grown = new Int32Array(size);
    grown.set(POW31);
    POW31 = grown;
  }
  for (let j = powFilled; j <= k; j++) POW31[j] = Math.imul(POW31[j - 1]!, 31);
  powFilled = k + 1;
  return POW31[k]!;
}

// The masked line as pieces: runs of unchanged tokens (line ranges) or masked strings, with the
// hash and length of the key they join into. Reused across calls (single-threaded).
let pieceCount = 0;
let pieceStart = new Int32Array(256);
let pieceEnd = new Int32Array(256);
const pieceStr: (string | null)[] = [];
let keyHash = 0;
let keyLength = 0;
// The run of unchanged tokens being extended.
let runStart = -1;
let runEnd = -1;
let runHash = 0;
let runPow = 1;

function addPiece(
  start: number,
  end: number,
  str: string | null,
  hash: number,
  pow: number,
  len: number,
): void {
  if (pieceCount === pieceStart.length) {
    const a = new Int32Array(pieceCount * 2);
    a.set(pieceStart);
    pieceStart = a;
    const b = new Int32Array(pieceCount * 2);
    b.set(pieceEnd);
    pieceEnd = b;
  }
  if (pieceCount > 0) {
    keyHash = (Math.imul(keyHash, 31) + 32) | 0;
    keyLength++;
  }
  keyHash = (Math.imul(keyHash, pow) + hash) | 0;
  keyLength += len;
  pieceStart[pieceCount] = start;
  pieceEnd[pieceCount] = end;
  pieceStr[pieceCount] = str;
  pieceCount++;
}

function flushRun(): void {
  if (runStart >= 0) {
    addPiece(runStart, runEnd, null, runHash, runPow, runEnd - runStart);
    runStart = -1;
  }
}

const WILDCARD_HASH = hashKey(WILDCARD);
const WILDCARD_POW = Math.imul(Math.imul(31, 31), 31);

function addString(str: string): void {
  flushRun();
  if (str === WILDCARD) {
    // The most common masked token: its hash is a constant.
    addPiece(-1, -1, str, WILDCARD_HASH, WILDCARD_POW, 3);
    return;
  }
  addPiece(-1, -1, str, hashKey(str), pow31(str.length), str.length);
}

/** Adds unchanged token `i` to the current run (or starts one). */
function addToken(codes: Uint8Array, i: number): void {
  const s = starts[i]!;
  const e = ends[i]!;
  if (runStart >= 0 && s === runEnd + 1 && codes[runEnd] === 32) {
    // Separated from the run by exactly one space: the run grows and stays one slice of the line.
    runHash = (Math.imul((Math.imul(runHash, 31) + 32) | 0, tokPow[i]!) + tokHash[i]!) | 0;
    runPow = Math.imul(Math.imul(runPow, 31), tokPow[i]!);
    runEnd = e;
    return;
  }
  flushRun();
  runStart = s;
  runEnd = e;
  runHash = tokHash[i]!;
  runPow = tokPow[i]!;
}

/**
 * Masks a line into pieces (see `pieceKey`, `piecesEqual`, `pieceHash`): masked tokens, at most
 * `maxTokens`; the rest of the line becomes one trailing `<*>` (then `lastScanFolded()` is true).
 */
export function scanPieces(line: string, maxTokens: number): void {
  const codes = loadCodes(line);
  scanned = line;
  const n = tokenize(codes, line.length, maxTokens - 1);
  folded = n === maxTokens && orFlags[n - 1] === 0;
  pieceCount = 0;
  keyHash = 0;
  keyLength = 0;
  runStart = -1;
  const last = folded ? n - 1 : n;
  for (let i = 0; i < last; i++) {
    const s = starts[i]!;
    const e = ends[i]!;
    const or = orFlags[i]!;
    let out: string | null = null;
    if ((or & ~LETTER_OR_JOIN) === 0 && (or & C_LETTER) !== 0) {
      // Letters and joiners only (no digit, no delimiter): a word, unless it is a literal value, a
      // long hex string, or the start of a timestamp or a path-like joiner run.
      const len = e - s;
      // One table read tells whether the word may be a literal value or start a date at all.
      const prefix = len >= 3 ? wordPrefixClass(codes, s) : 0;
      if (len === 4 || len === 5) {
        if ((prefix & LITERAL_PREFIX) !== 0 && isLiteralValue(codes, s, e)) out = WILDCARD;
      } else if (len >= 8 && allHex(codes, s, e)) {
        out = cachedMask(line, codes, i, or);
      }
      if (out === null && (prefix & DATE_PREFIX) !== 0 && len <= 10 && i + 2 < n) {
        const ts = matchTimestampAt(codes, starts, ends, i, n);
        if (ts > 0) {
          const te = ends[i + ts - 1]!;
          addString(timestampString(line, s, te));
          i += ts - 1;
          continue;
        }
      }
      if (out === null && (or & C_JOIN) !== 0 && needsTokenMasker(codes, s, e)) {
        out = cachedMask(line, codes, i, or);
      }
    } else if ((or & C_SPACE) === 0 && or !== 0) {
      // Digits or delimiters: dates first, then the token masker. A token with a digit can only start
      // a date with a digit or `[` (`2024-01-02`, `[10/Oct/2023:...`): the other forms start with a
      // day or month name, which has no digit (`matchTimestampAt` returns 0 for the rest: paths, host
      // names, UUIDs, `key=` values).
      const c0 = codes[s]!;
      if (
        (or & C_DIGIT) !== 0 &&
        e - s >= 8 &&
        (or & (C_DASH | C_SLASH)) !== 0 &&
        (c0 === 91 || (c0 >= 48 && c0 <= 57))
      ) {
        const ts = matchTimestampAt(codes, starts, ends, i, n);
        if (ts > 0) {
          const te = ends[i + ts - 1]!;
          addString(timestampString(line, s, te));
          i += ts - 1;
          continue;
        }
      }
      // Fast paths give exactly what the token masker would (a property test checks it).
      out = numberLike(line, codes, s, e, or);
      if (out === null) out = cachedMask(line, codes, i, or);
      // `5.2 KB` and `(1.08 KB)` are one size, `<1 sec` one duration bound (the same slot reads
      // `00:01` on other lines): fold the unit into the number. Separate time units after plain
      // numbers stay words (`took <*> ms`).
      if (i + 1 < last && (out === null ? opensValueAt(codes, s, e) : opensValue(out))) {
        const us = starts[i + 1]!;
        const ue = ends[i + 1]!;
        let tail = isSizeUnitAt(line, codes, us, ue);
        // A size that ends a field outside parentheses (`Total disk: 15 GB, used: 0.00 GB`,
        // `capacity 17.7 GB`) keeps its unit: a fixed unit is part of the message there. Inside
        // parentheses (`(estimated size 5.2 KB, free 5.2 KB)`) or before more words (`1.08 KB
        // sent`) the unit is part of the value.
        if (tail !== null && (tail === ',' || i + 2 === last) && !insideParentheses(codes, s)) tail = null;
        if (tail === null && isBoundAt(codes, s)) tail = isTimeUnitAt(line, codes, us, ue);
        if (tail !== null) {
          out = (out ?? line.slice(s, e)) + tail;
          i++;
        }
      }
    }
    if (out === null) addToken(codes, i);
    else addString(out);
  }
  flushRun();
  if (folded) addString(WILDCARD);
}

// Masked tokens by token (direct-mapped on the token's hash, verified byte by byte): tokens that
// need the token masker repeat in most logs (`uid=0`, `[preauth]`, `user=root`, host names).
const TOKEN_SLOTS = 4096;
/** Longer tokens are not cached (bytes kept per slot). */
const TOKEN_MAX = 48;
const cacheHash = new Int32Array(TOKEN_SLOTS);
const cacheLen = new Int32Array(TOKEN_SLOTS).fill(-1);
const cacheBytes = new Uint8Array(TOKEN_SLOTS * TOKEN_MAX);
const cacheOut: (string | null)[] = new Array<string | null>(TOKEN_SLOTS).fill(null);
// A token is stored only when its slot saw the same hash before (the last miss of each slot): most
// tokens that need the masker are unique values (`pid=host-23.dc1`, UUIDs), and storing each of
// them cost a byte copy and a string copy per miss and evicted the tokens that do repeat.
const cacheSeen = new Int32Array(TOKEN_SLOTS);

/** `maskTokenAt` of token `i` of the line being scanned, through the token cache. */
function cachedMask(line: string, codes: Uint8Array, i: number, or: number): string | null {
  const s = starts[i]!;
  const e = ends[i]!;
  const len = e - s;
  if (len > TOKEN_MAX || !lastCodesAscii()) return maskTokenAt(line, codes, s, e, or);
  const h = tokHash[i]!;
  const slot = h & (TOKEN_SLOTS - 1);
  const at = slot * TOKEN_MAX;
  if (cacheHash[slot] === h && cacheLen[slot] === len) {
    let k = 0;
    while (k < len && cacheBytes[at + k] === codes[s + k]) k++;
    if (k === len) return cacheOut[slot]!;
  }
  const out = maskTokenAt(line, codes, s, e, or);
  if (cacheSeen[slot] !== h) {
    cacheSeen[slot] = h;
    return out;
  }
  cacheHash[slot] = h;
  cacheLen[slot] = len;
  for (let k = 0; k < len; k++) cacheBytes[at + k] = codes[s + k]!;
  // A copy: the cache must not pin the line the masked token was sliced from.
  cacheOut[slot] = out === null ? null : detach(out);
  return out;
}

/** Hash of the key of the last `scanPieces` (equals `hashKey` of that key). */
export function pieceHash(): number {
  return keyHash;
}

/** The key of the last `scanPieces` of `line`: pieces joined by single spaces. */
export function pieceKey(line: string): string {
  if (pieceCount === 1 && pieceStr[0] === null) {
    // One run: the line itself when it was already normalised, else one slice.
    const s = pieceStart[0]!;
    const e = pieceEnd[0]!;
    return s === 0 && e === line.length ? line : line.slice(s, e);
  }
  let key = '';
  for (let k = 0; k < pieceCount; k++) {
    if (k > 0) key += ' ';
    const str = pieceStr[k];
    key += str ?? line.slice(pieceStart[k]!, pieceEnd[k]!);
  }
  return key;
}

/** Length of the key of the last `scanPieces` (checked before comparing a key with it). */
export function pieceLength(): number {
  return keyLength;
}

/**
 * The byte view of `line` when it is the line of the last `scanPieces` and all ASCII (then it is
 * the line byte for character and {@link piecesBytesEqual} can compare it), else null.
 */
export function scannedBytes(line: string): Uint8Array | null {
  return line === scanned && lastCodesAscii() ? loadedCodes() : null;
}

/** True when `key` equals the key of the last `scanPieces` of `line` (no string is built). */
export function piecesEqual(line: string, key: string): boolean {
  if (key.length !== keyLength) return false;
  const codes = scannedBytes(line);
  let at = 0;
  for (let k = 0; k < pieceCount; k++) {
    if (k > 0) {
      if (key.charCodeAt(at) !== 32) return false;
      at++;
    }
    const str = pieceStr[k];
    if (str != null) {
      if (!key.startsWith(str, at)) return false;
      at += str.length;
      continue;
    }
    const st = pieceStart[k]!;
    const e = pieceEnd[k]!;
    if (codes !== null) {
      for (let j = st; j < e; j++, at++) if (key.charCodeAt(at) !== codes[j]) return false;
    } else {
      for (let j = st; j < e; j++, at++) if (key.charCodeAt(at) !== line.charCodeAt(j)) return false;
    }
  }
  return true;
}

/**
 * {@link piecesEqual} of an ASCII line (byte view `codes`, from {@link scannedBytes}) and an ASCII key
 * of the same length stored byte for character at `bytes[offset..]` (`bytesView` is a DataView of
 * `bytes`). Runs of the line are compared four bytes at a time (measured 2-5% faster in steady state
 * than a byte at a time: a memo hit compares the whole key).
 */
export function piecesBytesEqual(
  codes: Uint8Array,
  bytes: Uint8Array,
  bytesView: DataView,
  offset: number,
): boolean {
  const view = loadedView();
  let at = offset;
  for (let k = 0; k < pieceCount; k++) {
    if (k > 0) {
      if (bytes[at] !== 32) return false;
      at++;
    }
    const str = pieceStr[k];
    if (str != null) {
      for (let j = 0; j < str.length; j++, at++) if (bytes[at] !== str.charCodeAt(j)) return false;
      continue;
    }
    const e = pieceEnd[k]!;
    let j = pieceStart[k]!;
    for (; j + 4 <= e; j += 4, at += 4) if (view.getInt32(j) !== bytesView.getInt32(at)) return false;
    for (; j < e; j++, at++) if (bytes[at] !== codes[j]) return false;
  }
  return true;
}

/**
 * The polynomial hash used for keys: h = h * 31 + c over UTF-16 code units, 32-bit, every non-ASCII
 * unit counting as one code (the scanner hashes the byte view; keys are always compared exactly).
 */
export function hashKey(key: string): number {
  let h = 0;
  for (let k = 0; k < key.length; k++) {
    const c = key.charCodeAt(k);
    h = (Math.imul(h, 31) + (c < 128 ? c : NON_ASCII)) | 0;
  }
  return h;
}

/**
 * Masks a line into its key: masked tokens joined by single spaces. At most `maxTokens` tokens are
 * kept; the rest of the line becomes one trailing `<*>` (then `lastScanFolded()` is true).
 *
 * @example
 * scanLine('took  15 ms', 256); // 'took <*> ms'
 */
export function scanLine(line: string, maxTokens: number): string {
  scanPieces(line, maxTokens);
  const key = pieceCount === 0 ? '' : pieceKey(line);
  // Drop references to masked strings (they are short, but keep the buffer clean).
  pieceStr.length = 0;
  return key;
}

/** The masked form of the timestamp just matched in line[s..te): opening and closing punctuation kept. */
function timestampString(line: string, s: number, te: number): string {
  const lead = timestampLeadEnd();
  const tail = timestampTailStart();
  const head = lead > s ? line.slice(s, lead) : '';
  return tail === te ? head + WILDCARD : head + WILDCARD + line.slice(tail, te);
}

/**
 * The masked form of the common number-like tokens without the token masker, null for others:
 * digits only, a digit then letters or digits only (`442us`, `977c74a4`, `0xf44c`: its compound
 * forms all need punctuation), digits and single dots (`147.8`, `10.204.43.48`, `12.`).
 */
export function numberLike(line: string, codes: Uint8Array, s: number, e: number, or: number): string | null {
  // Digits only: no flag but those of digits (hex letters are letters too).
  if ((or & ~(C_DIGIT | C_HEX)) === 0) return WILDCARD;
  const c0 = codes[s]!;
  if (c0 < 48 || c0 > 57) return null;
  if ((or & ~(C_DIGIT | C_HEX | C_LETTER)) === 0) return WILDCARD;
  if ((or & ~(C_DIGIT | C_HEX | C_DOT | C_JOIN)) === 0) return dottedNumber(line, codes, s, e);
  return null;
}

/** codes[s..e) is hex digits only (per-token AND of flags, computed only for the tokens that need it). */
function allHex(codes: Uint8Array, s: number, e: number): boolean {
  const flags = FLAGS;
  for (let j = s; j < e; j++) if ((flags[codes[j]!]! & C_HEX) === 0) return false;
  return true;
}

/**
 * The masked form of line[s..e) when it is digits separated by single dots, possibly ending in
 * dots (`<*>` plus those dots, as the token masker gives); null for anything else.
 */
function dottedNumber(line: string, codes: Uint8Array, s: number, e: number): string | null {
  let end = e;
  while (end > s && codes[end - 1] === 46) end--;
  let prevDot = false;
  for (let j = s; j < end; j++) {
    const c = codes[j]!;
    if (c === 46) {
      if (prevDot) return null;
      prevDot = true;
    } else if (c >= 48 && c <= 57) prevDot = false;
    else return null;
  }
  const dots = e - end;
  return dots === 0 ? WILDCARD : dots === 1 ? WILDCARD_DOT : WILDCARD + line.slice(end, e);
}

const WILDCARD_DOT = `${WILDCARD}.`;

/** `<*>` alone or after opening brackets (`(<*>`): a masked number a unit may follow. */
function opensValue(m: string): boolean {
  if (m === WILDCARD) return true;
  const n = m.length;
  if (n < 4 || m.charCodeAt(n - 1) !== 62 || m.charCodeAt(n - 2) !== 42 || m.charCodeAt(n - 3) !== 60)
    return false;
  for (let k = 0; k < m.length - WILDCARD.length; k++) {
    const c = m.charCodeAt(k);
    if (c !== 40 && c !== 91 && c !== 123) return false;
  }
  return true;
}

/** {@link opensValue} of the unmasked token codes[s..e) (a literal `<*>` in the input). */
function opensValueAt(codes: Uint8Array, s: number, e: number): boolean {
  if (e - s < 3 || codes[e - 3] !== 60 || codes[e - 2] !== 42 || codes[e - 1] !== 62) return false;
  for (let k = s; k < e - 3; k++) {
    const c = codes[k]!;
    if (c !== 40 && c !== 91 && c !== 123) return false;
  }
  return true;
}

/** True when an opening parenthesis before codes[s] is still open (scanned only when a size unit follows a number). */
function insideParentheses(codes: Uint8Array, s: number): boolean {
  let depth = 0;
  for (let k = s; k >= 0; k--) {
    const c = codes[k]!;
    if (c === 41) depth++;
    else if (c === 40 && --depth < 0) return true;
  }
  return false;
}

/** A token starting with a comparison sign or `~` and a digit (`<1`, `>=5`): a bound. */
function isBoundAt(codes: Uint8Array, s: number): boolean {
  const c = codes[s]!;
  if (c !== 60 && c !== 62 && c !== 126) return false;
  const d = codes[s + 1] === 61 ? s + 2 : s + 1;
  const c1 = codes[d]!;
  return c1 >= 48 && c1 <= 57;
}

/** {@link wordPrefixClass} bit: the first three letters of a month or weekday name. */
const DATE_PREFIX = 1;
/** {@link wordPrefixClass} bit: the first three letters of `true`, `null` or `false`. */
const LITERAL_PREFIX = 2;

/**
 * Classes of three-letter word beginnings, as a table indexed by the three letters lower-cased
 * (26 * 26 * 26 entries): one read instead of a Set lookup and a string comparison per word, which
 * were a few percent of steady-state learning (most words start with a month's or a weekday's letter).
 */
const WORD_PREFIXES = new Uint8Array(26 * 26 * 26);
function markPrefix(w: string, bit: number): void {
  WORD_PREFIXES[(w.charCodeAt(0) - 97) * 676 + (w.charCodeAt(1) - 97) * 26 + (w.charCodeAt(2) - 97)]! |= bit;
}
for (const w of 'jan feb mar apr may jun jul aug sep oct nov dec mon tue wed thu fri sat sun'.split(' ')) {
  markPrefix(w, DATE_PREFIX);
}
for (const w of ['tru', 'nul', 'fal']) markPrefix(w, LITERAL_PREFIX);

/** The prefix classes of the word at codes[s..s+3), in any case (`| 32` lower-cases); 0 when not three letters. */
function wordPrefixClass(codes: Uint8Array, s: number): number {
  const a = (codes[s]! | 32) - 97;
  if (a < 0 || a > 25) return 0;
  const b = (codes[s + 1]! | 32) - 97;
  if (b < 0 || b > 25) return 0;
  const c = (codes[s + 2]! | 32) - 97;
  if (c < 0 || c > 25) return 0;
  return WORD_PREFIXES[a * 676 + b * 26 + c]!;
}

/**
 * Letters and joiners only: the token masker is needed when a joiner can start a path (`/`, `\`,
 * `~`, `./`) or the token has two or more `/` (relative path).
 */
function needsTokenMasker(codes: Uint8Array, s: number, e: number): boolean {
  const c0 = codes[s]!;
  if (c0 === 47 || c0 === 92 || c0 === 126 || c0 === 46) return true;
  let slashes = 0;
  for (let j = s; j < e; j++) {
    const c = codes[j]!;
    if (c === 47) {
      if (++slashes >= 2) return true;
    } else if (c === 92) {
      return true;
    }
  }
  return false;
}
