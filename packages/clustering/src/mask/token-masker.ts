/**
 * Masks the variable parts of one whitespace-free token with `<*>`, using hand-written scanners
 * (no regular expressions, so no backtracking and no per-token allocation on the common path).
 * The scanners read the token in place, in the byte view of its line (`loadCodes`), by absolute
 * offsets: nothing is sliced until a variable is found.
 *
 * A token is read left to right as strong delimiters (`= , ; : ( ) [ ] { } " ' < | @ #`) and
 * segments between them. At each segment start, compound forms that may span delimiters are tried
 * first (URL, path, IPv4 with port, host:port, MAC/IPv6/clock time, UUID); otherwise the segment is
 * classified on its own (number, hex id, identifier with numeric parts, ...).
 */
import {
  C_AT,
  C_COLON,
  C_DASH,
  C_DELIM,
  C_DIGIT,
  C_DOT,
  C_HEX,
  C_LETTER,
  C_LT,
  C_SLASH,
  C_SPACE,
  FLAGS,
  NON_ASCII,
  PAST_END,
} from './char-class.js';

/**
 * The wildcard written in templates for one variable.
 *
 * @example
 * template.split(WILDCARD).length - 1; // number of variables
 */
export const WILDCARD = '<*>';

function flagsAt(s: Uint8Array, i: number): number {
  return FLAGS[s[i]!]!;
}

function isDigitAt(s: Uint8Array, i: number): boolean {
  const c = s[i]!;
  return c >= 48 && c <= 57;
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `scheme://...` starting at `i`; returns the end or -1. */
function matchUrl(s: Uint8Array, i: number, end: number): number {
  let j = i;
  if (j >= end || !isLetterCode(s[j]!)) return -1;
  while (j < end) {
    const c = s[j]!;
    if (isLetterCode(c) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) j++;
    else break;
  }
  if (j + 2 >= end || s[j]! !== 58 || s[j + 1]! !== 47 || s[j + 2]! !== 47) {
    return -1;
  }
  j += 3;
  // A URL runs to the next bracket, quote, comma or pipe; `:` `@` `=` `#` belong to it.
  while (j < end) {
    const c = s[j]!;
    if (c === 44 || c === 34 || c === 39 || c === 40 || c === 41 || c === 91 || c === 93) break;
    if (c === 123 || c === 125 || c === 60 || c === 124 || c === 59) break;
    j++;
  }
  return j;
}

/**
 * Characters a path ends at (paths stop at `:` so that `/10.0.0.1:80` reads as `<*>:<*>`), as a table
 * indexed by the byte view's code (a table read per character of a path, not a chain of compares).
 */
const PATH_ENDS = new Uint8Array(256);
for (const c of ',;:()[]{}"\'<| \t') PATH_ENDS[c.charCodeAt(0)] = 1;

function endsPath(c: number): boolean {
  return PATH_ENDS[c] === 1;
}

/** Absolute or explicitly relative path (`/a`, `./a`, `../a`, `~/a`, `\a`, `C:\a`) at `i`; end or -1. */
function matchPath(s: Uint8Array, i: number, end: number): number {
  let j = i;
  const c0 = s[j]!;
  if (c0 === 47 || c0 === 92) {
    j++;
  } else if (c0 === 46) {
    if (s[j + 1]! === 47) j += 2;
    else if (s[j + 1]! === 46 && s[j + 2]! === 47) j += 3;
    else return -1;
  } else if (c0 === 126 && s[j + 1]! === 47) {
    j += 2;
  } else if (isLetterCode(c0) && s[j + 1]! === 58 && s[j + 2]! === 92) {
    j += 3;
  } else {
    return -1;
  }
  if (j >= end) return -1;
  const c1 = s[j]!;
  // Needs at least one ordinary character after the leading separator (`/` alone, `//` are not paths).
  if (c1 === 47 || endsPath(c1) || c1 === 61) return -1;
  while (j < end && !endsPath(s[j]!)) j++;
  return j;
}

/** Reads 1..max digits at `i`; returns the end or -1. */
function digitsEnd(s: Uint8Array, i: number, end: number, max: number): number {
  let j = i;
  while (j < end && j - i < max && isDigitAt(s, j)) j++;
  return j === i ? -1 : j;
}

/** IPv4 address, optionally with `:port`, at `i`; end or -1. */
function matchIpv4(s: Uint8Array, i: number, end: number): number {
  let j = i;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (s[j]! !== 46) return -1;
      j++;
    }
    const e = digitsEnd(s, j, end, 3);
    if (e < 0) return -1;
    j = e;
  }
  if (j < end && (isDigitAt(s, j) || (s[j]! === 46 && isDigitAt(s, j + 1)))) return -1;
  if (s[j]! === 58) {
    const e = digitsEnd(s, j + 1, end, 5);
    if (e > 0 && !(e < end && isLetterCode(s[e]!))) j = e;
  }
  return j;
}

/**
 * Groups of hex digits joined by `:` (MAC addresses, IPv6, clock times `07:07:00`, PCI addresses),
 * with at least two colons, or one colon between two short numbers (`12:30`); an optional `.digits`
 * fraction may follow. Returns the end or -1.
 */
function matchHexColon(s: Uint8Array, i: number, end: number): number {
  let j = i;
  let colons = 0;
  let groups = 0;
  let digits = 0;
  let allDecimal = true;
  let maxGroup = 0;
  while (j < end) {
    const g = j;
    while (j < end && (flagsAt(s, j) & C_HEX) !== 0) {
      if (isDigitAt(s, j)) digits++;
      else allDecimal = false;
      j++;
    }
    const len = j - g;
    if (len > 4) return -1;
    if (len > 0) groups++;
    if (len > maxGroup) maxGroup = len;
    if (j < end && s[j]! === 58) {
      colons++;
      j++;
      continue;
    }
    break;
  }
  if (s[j - 1]! === 58) return -1;
  if (digits === 0 || groups < 2) return -1;
  if (colons < 2 && !(allDecimal && maxGroup <= 2)) return -1;
  if (s[j]! === 46 && isDigitAt(s, j + 1)) {
    j++;
    while (j < end && (flagsAt(s, j) & C_HEX) !== 0) j++;
  }
  if (j < end && (flagsAt(s, j) & C_LETTER) !== 0) return -1;
  return j;
}

/** UUID `8-4-4-4-12` hex at `i`; end or -1. */
function matchUuid(s: Uint8Array, i: number, end: number): number {
  if (end - i < 36) return -1;
  let j = i;
  const lens = [8, 4, 4, 4, 12];
  for (let k = 0; k < 5; k++) {
    if (k > 0) {
      if (s[j]! !== 45) return -1;
      j++;
    }
    for (let n = 0; n < lens[k]!; n++, j++) {
      if ((flagsAt(s, j) & C_HEX) === 0) return -1;
    }
  }
  if (j < end && (flagsAt(s, j) & (C_LETTER | C_DIGIT)) !== 0) return -1;
  return j;
}

/**
 * `host:port` or `host/ip:port` where host has a dot or hyphen and a letter (`msra-sa-41:9000`,
 * `node.example.com:8080`, `localhost:80`). Returns the end or -1.
 */
function matchHostPort(s: Uint8Array, i: number, end: number): number {
  let j = i;
  let letters = 0;
  let joins = 0;
  while (j < end) {
    const c = s[j]!;
    if (isLetterCode(c)) letters++;
    else if (c === 46 || c === 45) joins++;
    else if (!(c >= 48 && c <= 57) && c !== 95) break;
    j++;
  }
  if (letters === 0 || j === i) return -1;
  const host = j;
  if (joins === 0 && !isLocalhost(s, i, host)) return -1;
  if (s[j]! === 58 && isSourceFile(s, i, host)) return -1;
  if (s[j]! === 47) {
    const e = matchIpv4(s, j + 1, end);
    if (e > 0) return e;
    return -1;
  }
  if (s[j]! !== 58) return -1;
  const e = digitsEnd(s, j + 1, end, 5);
  if (e < 0 || e - (j + 1) < 2) return -1;
  if (e < end && (flagsAt(s, e) & (C_LETTER | C_DIGIT)) !== 0) return -1;
  return e;
}

/**
 * s[i..e) is a source file name (`ib_sm_sweep.c`, `Foo.java`): one dot, a source extension. With a
 * line number (`ib_sm_sweep.c:1831`) it is a code location, whose file names the event
 * (`ib_sm_sweep.c:<*>`), not a host with a port.
 */
function isSourceFile(s: Uint8Array, i: number, e: number): boolean {
  let dot = -1;
  for (let k = i; k < e; k++) {
    if (s[k]! !== 46) continue;
    if (dot >= 0) return false;
    dot = k;
  }
  if (dot <= i) return false;
  let ext = '';
  for (let k = dot + 1; k < e; k++) ext += String.fromCharCode(s[k]!);
  return SOURCE_EXTENSIONS.has(ext);
}

const SOURCE_EXTENSIONS = new Set([
  'c',
  'cc',
  'cpp',
  'cxx',
  'h',
  'hpp',
  'java',
  'kt',
  'scala',
  'py',
  'go',
  'rs',
  'rb',
  'js',
  'ts',
  'cs',
  'swift',
  'm',
  'mm',
]);

/** s[i..e) is `localhost` in any letter case. */
function isLocalhost(s: Uint8Array, i: number, e: number): boolean {
  if (e - i !== 9) return false;
  for (let k = 0; k < 9; k++) if ((s[i + k]! | 32) !== LOCALHOST.charCodeAt(k)) return false;
  return true;
}

const LOCALHOST = 'localhost';

function isHexChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** `true`, `false` or `null` in any letter case, at s[i..end): values, not words. */
export function isLiteralValue(s: Uint8Array, i: number, end: number): boolean {
  const n = end - i;
  const c0 = s[i]! | 32;
  if (n === 4) {
    const c1 = s[i + 1]! | 32;
    const c2 = s[i + 2]! | 32;
    const c3 = s[i + 3]! | 32;
    // true, null
    return (
      (c0 === 116 && c1 === 114 && c2 === 117 && c3 === 101) ||
      (c0 === 110 && c1 === 117 && c2 === 108 && c3 === 108)
    );
  }
  if (n === 5) {
    // false
    return (
      c0 === 102 &&
      (s[i + 1]! | 32) === 97 &&
      (s[i + 2]! | 32) === 108 &&
      (s[i + 3]! | 32) === 115 &&
      (s[i + 4]! | 32) === 101
    );
  }
  return false;
}

/**
 * Classifies one atom (a run of letters/digits/underscores between `.`, `-` or `/`):
 * true when it reads as a value rather than a word.
 */
function isVariableAtom(s: Uint8Array, i: number, end: number): boolean {
  if (i >= end) return false;
  const c0 = s[i]!;
  if (c0 >= 48 && c0 <= 57) return true;
  let digits = 0;
  let hex = true;
  for (let j = i; j < end; j++) {
    const c = s[j]!;
    if (c >= 48 && c <= 57) digits++;
    else if (!isHexChar(c)) hex = false;
  }
  if (digits === 0) return hex && end - i >= 8;
  if (hex && end - i >= 6) return true;
  if (digits < 3) return false;
  // A name with a model number inside (`IO80211Family`, `Brcm4360Driver`): one run of digits
  // between letters, a word of four or more letters after it. Ids mix letters and digits
  // throughout or end in digits (`ab12345`, `u4f9x2k7`).
  if (isNamedModel(s, i, end)) return false;
  return digits >= 5 || end - i - digits >= 2;
}

/** s[i..end) is letters, one run of digits, then four or more letters. */
function isNamedModel(s: Uint8Array, i: number, end: number): boolean {
  let j = i;
  while (j < end && isLetterCode(s[j]!)) j++;
  if (j === i) return false;
  const d = j;
  while (j < end && isDigitAt(s, j)) j++;
  if (j === d || end - j < 4) return false;
  for (; j < end; j++) if (!isLetterCode(s[j]!)) return false;
  return true;
}

// The token being masked: its text (`text`, from `base`) and output, built lazily, only once
// something is variable.
let text = '';
let base = 0;
let out: string | null = null;
/** Offset in `text` up to which the token has been copied to `out`. */
let copied = 0;

/** Records that text[a..b) is a variable. Touching variables become one `<*>`. */
function emitVar(_s: Uint8Array, a: number, b: number): void {
  if (out === null) out = text.slice(base, a) + WILDCARD;
  else if (a === copied && out.endsWith(WILDCARD)) {
    // touching the previous variable: extend it
  } else out += text.slice(copied, a) + WILDCARD;
  copied = b;
}

/**
 * Finds the variables of the segment that starts at s[i] and runs to the next strong delimiter,
 * whitespace or `end`, and emits them; returns the segment's end. The segment is read once: its end
 * and the counts that classify it come from the same pass.
 */
function maskSegment(s: Uint8Array, i: number, end: number): number {
  const flags = FLAGS;
  let hasDigit = false;
  let hasUnderscore = false;
  let hostChars = true;
  let nonDigits = 0;
  let splits = 0;
  let dots = 0;
  let slashes = 0;
  let segEnd = i;
  for (; segEnd < end; segEnd++) {
    const c = s[segEnd]!;
    if (c >= 48 && c <= 57) {
      hasDigit = true;
      continue;
    }
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
      nonDigits++;
      continue;
    }
    if ((flags[c]! & (C_DELIM | C_SPACE)) !== 0) break;
    nonDigits++;
    if (c === 46) {
      dots++;
      splits++;
    } else if (c === 45) {
      splits++;
    } else {
      hostChars = false;
      if (c === 95) hasUnderscore = true;
      else if (c === 47) {
        slashes++;
        splits++;
      }
    }
  }
  // Trailing dots end sentences (`port 55904.`): keep them out of the value (and out of the counts).
  let e = segEnd;
  while (e > i && s[e - 1]! === 46) e--;
  if (e === i) return segEnd;
  const trailing = segEnd - e;
  dots -= trailing;
  splits -= trailing;
  nonDigits -= trailing;
  const allDigits = nonDigits === 0;
  const hasSplit = splits > 0;
  // Numbers, numbers with units, hex with a leading digit, dates: the whole segment.
  const c0 = s[i]!;
  if ((c0 >= 48 && c0 <= 57) || ((c0 === 45 || c0 === 43) && isDigitAt(s, i + 1))) {
    // `<0>` (`IOThunderboltSwitch<0>`): the closing bracket of an opened `<` is not part of the value.
    if (s[e - 1]! === 62 && i > base && s[i - 1]! === 60) e--;
    emitVar(s, i, e);
    return segEnd;
  }
  if (allDigits) {
    emitVar(s, i, e);
    return segEnd;
  }
  // A number behind a sigil (`*5`, nginx's connection number; `$3`): the sigil stays.
  if ((c0 === 42 || c0 === 36) && e - i > 1 && !hasUnderscore && allDigitsIn(s, i + 1, e)) {
    emitVar(s, i + 1, e);
    return segEnd;
  }
  // Relative paths with two or more separators (a/b/c) are values; `TCP/IP`, `4G/4G` are words.
  if (slashes >= 2 && !isAbbreviationList(s, i, e)) {
    emitVar(s, i, e);
    return segEnd;
  }
  // Protocol versions (`HTTP/1.1`, `SIP/2.0`) are part of the message format, not values.
  if (slashes === 1 && isProtocolVersion(s, i, e)) return segEnd;
  if (!hasDigit) {
    if (isLiteralValue(s, i, e) || isVariableAtom(s, i, e)) emitVar(s, i, e);
    return segEnd;
  }
  // Versions: v1.2, V2.0.1.
  if ((c0 === 118 || c0 === 86) && isDigitAt(s, i + 1) && dots > 0) {
    emitVar(s, i, e);
    return segEnd;
  }
  // Identifiers made of underscore-joined parts, one of them numeric (blk_-1, rdd_2_0, attempt_1_0001_m_1).
  if (hasUnderscore && underscorePartNumeric(s, i, e)) {
    emitVar(s, i, e);
    return segEnd;
  }
  // Host names with digits (24-54-76-216.example.net): the whole name.
  if (dots >= 2 && hostChars && isLetterCode(s[e - 1]!)) {
    emitVar(s, i, e);
    return segEnd;
  }
  if (!hasSplit) {
    if (isVariableAtom(s, i, e) && !(hasUnderscore && underscorePartsWords(s, i, e))) emitVar(s, i, e);
    return segEnd;
  }
  // Mask variable atoms between `.`, `-`, `/` separately (core.2275 -> core.<*>, node-12 -> node-<*>);
  // consecutive variable atoms form one value (jetty-6.1.26 -> jetty-<*>).
  let j = i;
  let varStart = -1;
  let varEnd = -1;
  while (j < e) {
    let k = j;
    while (k < e) {
      const c = s[k]!;
      if (c === 46 || c === 45 || c === 47) break;
      k++;
    }
    if (k > j) {
      if (isVariableAtom(s, j, k)) {
        if (varStart < 0) varStart = j;
        varEnd = k;
      } else if (varStart >= 0) {
        emitVar(s, varStart, varEnd);
        varStart = -1;
      }
    }
    j = k < e ? k + 1 : k;
  }
  if (varStart >= 0) emitVar(s, varStart, varEnd);
  return segEnd;
}

/**
 * Names of two to four letters joined by slashes (`seq/ack/win`, `rx/tx/err`): a list of field
 * names, not a relative path (whose parts are longer or hold dots and digits: `mapred/system/job.jar`).
 */
function isAbbreviationList(s: Uint8Array, i: number, e: number): boolean {
  let part = 0;
  for (let j = i; j < e; j++) {
    const c = s[j]!;
    if (c === 47) {
      if (part < 2) return false;
      part = 0;
    } else if (isLetterCode(c) && ++part <= 4) continue;
    else return false;
  }
  return part >= 2;
}

/** `NAME/d.d`: two or more capitals, a slash and a dotted version (`HTTP/1.1`). */
function isProtocolVersion(s: Uint8Array, i: number, e: number): boolean {
  let j = i;
  while (j < e && s[j]! >= 65 && s[j]! <= 90) j++;
  if (j - i < 2 || s[j]! !== 47) return false;
  j++;
  const d0 = j;
  while (j < e && isDigitAt(s, j)) j++;
  if (j === d0 || s[j]! !== 46) return false;
  j++;
  const d1 = j;
  while (j < e && isDigitAt(s, j)) j++;
  return j > d1 && j === e;
}

/**
 * Every underscore-joined part of s[i..e) is a word on its own (`e1000_watchdog`: `e1000` is a
 * short prefix with few digits, as `e820`): a function or module name, which stays whole.
 */
function underscorePartsWords(s: Uint8Array, i: number, e: number): boolean {
  let j = i;
  while (j < e) {
    let k = j;
    while (k < e && s[k]! !== 95) k++;
    if (k > j && isVariableAtom(s, j, k)) return false;
    j = k + 1;
  }
  return true;
}

function underscorePartNumeric(s: Uint8Array, i: number, e: number): boolean {
  let j = i;
  while (j < e) {
    let k = j;
    while (k < e && s[k]! !== 95) k++;
    if (k > j) {
      // A number (`_0`, `_-6952`, `_000003`), not a word that starts with one (`enable_2G`).
      let d = s[j]! === 45 ? j + 1 : j;
      const d0 = d;
      while (d < k && isDigitAt(s, d)) d++;
      if (d > d0 && (d === k || !isLetterCode(s[d]!))) return true;
    }
    j = k + 1;
  }
  return false;
}

function allDigitsIn(s: Uint8Array, i: number, e: number): boolean {
  for (let j = i; j < e; j++) if (!isDigitAt(s, j)) return false;
  return true;
}

/** Reads exactly `n` digits at `i`; returns the end or -1. */
function fixedDigits(s: Uint8Array, i: number, end: number, n: number): number {
  if (i + n > end) return -1;
  for (let k = i; k < i + n; k++) if (!isDigitAt(s, k)) return -1;
  return i + n;
}

/**
 * ISO 8601 date-time `yyyy-mm-ddThh:mm[:ss[.frac]][Z|+hh:mm]` at `i` (the `T` may be `_`); end or -1.
 * Needed as a unit because `:` would otherwise split it into several values.
 */
function matchIsoDateTime(s: Uint8Array, i: number, end: number): number {
  let j = fixedDigits(s, i, end, 4);
  if (j < 0 || s[j]! !== 45) return -1;
  j = fixedDigits(s, j + 1, end, 2);
  if (j < 0 || s[j]! !== 45) return -1;
  j = fixedDigits(s, j + 1, end, 2);
  if (j < 0) return -1;
  const t = s[j]!;
  if (t !== 84 && t !== 95) return -1;
  j = fixedDigits(s, j + 1, end, 2);
  if (j < 0 || s[j]! !== 58) return -1;
  j = fixedDigits(s, j + 1, end, 2);
  if (j < 0) return -1;
  if (s[j]! === 58) {
    const k = fixedDigits(s, j + 1, end, 2);
    if (k > 0) j = k;
  }
  if (s[j]! === 46 || s[j]! === 44) {
    let k = j + 1;
    while (k < end && isDigitAt(s, k)) k++;
    if (k > j + 1) j = k;
  }
  const z = s[j]!;
  if (z === 90) return j + 1;
  if (z === 43 || z === 45) {
    let k = fixedDigits(s, j + 1, end, 2);
    if (k > 0 && s[k]! === 58) k = fixedDigits(s, k + 1, end, 2);
    else if (k > 0) k = fixedDigits(s, k, end, 2) > 0 ? k + 2 : k;
    if (k > 0) return k;
  }
  return j;
}

/** `local@domain.tld` at `i` (the local part may hold `. _ % + -`); end or -1. */
function matchEmail(s: Uint8Array, i: number, end: number): number {
  let j = i;
  while (j < end) {
    const c = s[j]!;
    if (isLetterCode(c) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45)
      j++;
    else break;
  }
  if (j === i || s[j]! !== 64) return -1;
  j++;
  const d0 = j;
  let lastDot = -1;
  while (j < end) {
    const c = s[j]!;
    if (c === 46) lastDot = j;
    else if (!(isLetterCode(c) || (c >= 48 && c <= 57) || c === 45)) break;
    j++;
  }
  // A dot inside the domain and a TLD of two or more letters.
  if (lastDot <= d0 || j - lastDot < 3) return -1;
  for (let k = lastDot + 1; k < j; k++) if (!isLetterCode(s[k]!)) return -1;
  return j;
}

/**
 * Masks one token: returns the masked token, or the input itself when nothing is variable.
 * `tokenFlags` (the OR of the character flags of the token) may be passed when already known.
 *
 * @example
 * maskToken('uid=0'); // 'uid=<*>'
 * maskToken('/10.0.0.1:8080'); // '<*>:<*>'
 */
export function maskToken(tok: string, tokenFlags = -1): string {
  const n = tok.length;
  if (n + 1 > scratch.length) scratch = new Uint8Array(Math.max(n + 1, scratch.length * 2));
  const codes = scratch;
  for (let k = 0; k < n; k++) {
    const c = tok.charCodeAt(k);
    codes[k] = c < 128 ? c : NON_ASCII;
  }
  return maskTokenAt(tok, codes, 0, n, tokenFlags) ?? tok;
}

// Byte view of a token masked on its own (`maskToken`), apart from the line scanner's.
let scratch = new Uint8Array(256);

/**
 * Masks the token line[s..e), whose byte view is codes[s..e) (see `loadCodes`; `codes[e]` must be
 * writable): returns the masked token, or null when nothing in it is variable. `tokenFlags` is the
 * OR of the token's character flags, or -1.
 */
export function maskTokenAt(
  line: string,
  codes: Uint8Array,
  s: number,
  e: number,
  tokenFlags: number,
): string | null {
  const saved = codes[e]!;
  codes[e] = PAST_END;
  text = line;
  base = s;
  out = null;
  copied = s;
  maskRange(codes, s, e, tokenFlags);
  codes[e] = saved;
  let result = out === null ? null : copied < e ? out + line.slice(copied, e) : out;
  out = null;
  text = '';
  // A literal `<*>` in the input reads as a variable too: never two touching wildcards.
  if (lt) {
    const whole = result ?? line.slice(s, e);
    const collapsed = collapseWildcardsInToken(whole);
    if (collapsed !== whole || result !== null) result = collapsed;
  }
  return result;
}

let lt = false;

function maskRange(tok: Uint8Array, start: number, end: number, tokenFlags: number): void {
  // A local, not the imported binding, in the loops (an imported binding costs a check per read).
  const flags = FLAGS;
  // Which compound forms are possible at all (each needs one of these characters).
  let all = tokenFlags;
  if (all < 0) {
    all = 0;
    for (let k = start; k < end; k++) all |= flags[tok[k]!]!;
  }
  const colon = (all & C_COLON) !== 0;
  const slash = (all & C_SLASH) !== 0;
  const dot = (all & C_DOT) !== 0;
  const dash = (all & C_DASH) !== 0;
  const at = (all & C_AT) !== 0;
  lt = (all & C_LT) !== 0;
  let i = start;
  // A whole-token bound (`<1`, `>=500`, `~3`) or a number with thousands separators (`1,110`) is one
  // value: otherwise `<` and `,` would split it into pieces (`<<*>`, `<*>,<*>`).
  const lead = wholeNumberEnd(tok, start, end);
  if (lead > start) {
    emitVar(tok, start, lead);
    i = lead;
  }
  while (i < end) {
    const f = flags[tok[i]!]!;
    if ((f & C_DELIM) !== 0) {
      i++;
      continue;
    }
    const c = tok[i]!;
    const letter = isLetterCode(c);
    let m = -1;
    if (letter && colon && slash) m = matchUrl(tok, i, end);
    if (m < 0 && slash && (c === 47 || c === 92 || c === 46 || c === 126 || letter))
      m = matchPath(tok, i, end);
    if (m < 0 && dash && colon && (f & C_DIGIT) !== 0) m = matchIsoDateTime(tok, i, end);
    if (m < 0 && dot && (f & C_DIGIT) !== 0) m = matchIpv4(tok, i, end);
    if (m < 0 && dash && (f & C_HEX) !== 0 && end - i >= 36) m = matchUuid(tok, i, end);
    if (m < 0 && colon && (f & C_HEX) !== 0) m = matchHexColon(tok, i, end);
    if (m < 0 && (colon || (slash && dot)) && (f & (C_LETTER | C_DIGIT)) !== 0)
      m = matchHostPort(tok, i, end);
    if (m < 0 && at && dot && (f & (C_LETTER | C_DIGIT)) !== 0) m = matchEmail(tok, i, end);
    if (m > i) {
      emitVar(tok, i, m);
      i = m;
      continue;
    }
    i = maskSegment(tok, i, end);
  }
}

/**
 * End of a bound (`<1`, `<=5`, `>500`, `~3`, a number after a comparison sign) or a number with
 * thousands separators (`1,110`, `12,345,678`) at the start `s` of the token tok[s..end), when only
 * closing punctuation follows it; `s` otherwise.
 */
function wholeNumberEnd(tok: Uint8Array, s: number, end: number): number {
  let i = s;
  const c0 = tok[s]!;
  const bound = c0 === 60 || c0 === 62 || c0 === 126;
  if (bound) {
    i = s + 1;
    if (tok[s + 1]! === 61) i = s + 2;
  }
  const d0 = i;
  while (i < end && isDigitAt(tok, i)) i++;
  const lead = i - d0;
  if (lead === 0) return s;
  if (bound) {
    if (tok[i]! === 46 && isDigitAt(tok, i + 1)) {
      i++;
      while (i < end && isDigitAt(tok, i)) i++;
    }
  } else {
    if (lead > 3) return s;
    let groups = 0;
    while (tok[i]! === 44 && fixedDigits(tok, i + 1, end, 3) > 0 && !isDigitAt(tok, i + 4)) {
      i += 4;
      groups++;
    }
    if (groups === 0) return s;
    if (tok[i]! === 46 && isDigitAt(tok, i + 1)) {
      i++;
      while (i < end && isDigitAt(tok, i)) i++;
    }
  }
  for (let k = i; k < end; k++) {
    const c = tok[k]!;
    if (c !== 44 && c !== 46 && c !== 41 && c !== 93 && c !== 59 && c !== 58) return s;
  }
  return i;
}

/** Collapses touching wildcards (`<*><*>` -> `<*>`): one `<*>` per variable. */
export function collapseWildcardsInToken(token: string): string {
  const double = WILDCARD + WILDCARD;
  if (token.indexOf(double) < 0) return token;
  let t = token;
  while (t.indexOf(double) >= 0) t = t.split(double).join(WILDCARD);
  return t;
}
