/**
 * Character classes for the masking scanner, as bit flags in a 128-entry table so that the hot loops
 * do one array read per character. Code points >= 128 are treated as letters (word characters).
 */

/** ASCII letter, or any non-ASCII code point. */
export const C_LETTER = 1;
/** ASCII digit. */
export const C_DIGIT = 2;
/** Hex digit (0-9, a-f, A-F). */
export const C_HEX = 4;
/**
 * Strong delimiter: separates values inside a token (`uid=0`, `Rect(0,`, `[x]`). A variable never
 * spans one, except in the compound forms (URLs, IP:port, MAC, times) matched before segmenting.
 */
export const C_DELIM = 8;
/** Whitespace: separates tokens. */
export const C_SPACE = 16;
/** Joiner inside a segment: `. - _ / \ ~ $ + * % ! ? & ^ >` and friends. */
export const C_JOIN = 32;

/**
 * Marks of the characters that compound forms need (`:` for ports, times, MACs, URLs; `/` or `\`
 * for paths and URLs; `.`, `-`, `@`, `<`): a token without them skips the matchers that need them.
 */
export const C_COLON = 64;
export const C_SLASH = 128;
export const C_DOT = 256;
export const C_DASH = 512;
export const C_AT = 1024;
export const C_LT = 2048;

/**
 * Code of every non-ASCII UTF-16 unit in the scanner's byte view of a line (see {@link loadCodes}):
 * all of them are letters to the scanner, which never tells two of them apart.
 */
export const NON_ASCII = 128;

/**
 * Stands just past the end of a token while the token masker reads it, so that a look-ahead past the
 * token reads what it would read past the end of a string: nothing equal to any character, and the
 * flags of a letter (the masker was written against `charCodeAt`, which gives NaN there).
 */
export const PAST_END = 255;

/**
 * Flags of each ASCII code unit, of {@link NON_ASCII} (a letter) and of {@link PAST_END}; hot loops
 * index it directly.
 */
export const FLAGS = new Uint16Array(256);
const table = FLAGS;
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  let f = 0;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) f |= C_LETTER;
  if (c >= 48 && c <= 57) f |= C_DIGIT | C_HEX;
  if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) f |= C_HEX;
  if (c === 32 || c === 9 || c === 10 || c === 11 || c === 12 || c === 13) f |= C_SPACE;
  // `>` is deliberately a joiner: `vCores:-17>` is one value in the reference labels, while `<` opens
  // a structure (`<memory:1024,`).
  if ('=,;:()[]{}"\'<|@#`'.includes(ch)) f |= C_DELIM;
  // Everything else (other punctuation, control characters) stays inside a segment.
  if (f === 0) f |= C_JOIN;
  if (c === 58) f |= C_COLON;
  if (c === 47 || c === 92) f |= C_SLASH;
  if (c === 46) f |= C_DOT;
  if (c === 45) f |= C_DASH;
  if (c === 64) f |= C_AT;
  if (c === 60) f |= C_LT;
  table[c] = f;
}

FLAGS[NON_ASCII] = C_LETTER;
FLAGS[PAST_END] = C_LETTER;

/** Flags of a UTF-16 code unit. */
export function charFlags(code: number): number {
  return code < 128 ? table[code]! : C_LETTER;
}

/** True for the whitespace characters that separate tokens. */
export function isSpace(code: number): boolean {
  return code < 128 && (table[code]! & C_SPACE) !== 0;
}

// The byte view of the line being scanned (reused across calls; single-threaded).
let codes = new Uint8Array(4096);
let codesAscii = true;
/** The buffer `loadCodes` last filled (`codes`, or one of its own for a very long line). */
let current = codes;
/** A DataView of `current`: comparisons read four bytes at a time through it. */
let currentView = new DataView(current.buffer);
// Embedded engines (mini-racer's bare V8) have no TextEncoder; the loop below then does all lines.
const encoder: InstanceType<typeof TextEncoder> | undefined =
  typeof TextEncoder === 'function' ? new TextEncoder() : undefined;
/** Lines longer than this get a buffer of their own, not kept after the call. */
const KEEP_MAX = 1 << 20;

/**
 * The line as one byte per UTF-16 unit: the unit itself when ASCII, {@link NON_ASCII} otherwise.
 * Typed-array reads are several times cheaper than `charCodeAt` in the scanner's loops, and
 * `TextEncoder.encodeInto` fills the view of an ASCII line natively. Offsets are the string's, so
 * slices of the line still give the original text. Valid until the next call.
 */
export function loadCodes(line: string): Uint8Array {
  const n = line.length;
  let buf = codes;
  // Two bytes more than the line, read as past its end (the token masker also marks the end of the
  // last token there).
  if (n + 2 > buf.length) {
    buf = new Uint8Array(Math.max(n + 2, buf.length * 2));
    if (buf.length <= KEEP_MAX) codes = buf;
  }
  // With room for `n` bytes, an ASCII line is read and written whole, byte for character; any other
  // character takes two or more bytes, so less is read or more is written.
  if (encoder) {
    const r = encoder.encodeInto(line, buf);
    codesAscii = r.read === n && r.written === n;
    if (!codesAscii) copyCodes(line, buf);
  } else {
    codesAscii = copyCodes(line, buf);
  }
  buf[n] = PAST_END;
  buf[n + 1] = PAST_END;
  if (buf !== current) {
    current = buf;
    currentView = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  return buf;
}

/** Writes the byte view of `line` into `buf` one unit at a time; true when every unit was ASCII. */
function copyCodes(line: string, buf: Uint8Array): boolean {
  let ascii = true;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 128) buf[i] = c;
    else {
      buf[i] = NON_ASCII;
      ascii = false;
    }
  }
  return ascii;
}

/** Whether the line of the last {@link loadCodes} was all ASCII (its byte view is then exact). */
export function lastCodesAscii(): boolean {
  return codesAscii;
}

/** The byte view filled by the last {@link loadCodes}. */
export function loadedCodes(): Uint8Array {
  return current;
}

/** A DataView of {@link loadedCodes} (for reading four bytes at a time). */
export function loadedView(): DataView {
  return currentView;
}
