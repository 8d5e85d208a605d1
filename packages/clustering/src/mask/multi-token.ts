/**
 * Variables spanning several tokens, detected on token offsets (no substrings on the common path):
 * timestamps such as `Fri Jun 17 07:07:00 2005`, `Jun 17 07:07:00`, `2024-01-02 10:00:00,123`, and
 * sizes written with a separate unit (`5.2 KB`).
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTHS_LONG = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAYS_LONG = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const SIZE_UNITS = new Set(
  ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'kB', 'Kb', 'Mb', 'Gb', 'KiB', 'MiB', 'GiB', 'TiB', 'K', 'M', 'G'].map(
    (u) => [...u].reduce((k, ch) => (k << 8) | ch.charCodeAt(0), 0),
  ),
);

/** Time units that may follow a bound written in place of a duration (`lifetime <1 sec`). */
const TIME_UNITS = new Set(
  'ns us ms s sec secs second seconds min mins minute minutes h hr hrs hour hours d day days'.split(' '),
);

function lowerAt(s: Uint8Array, i: number): number {
  return s[i]! | 32;
}

/** True when s[a..b) equals one of `words` ignoring case (a trailing `,` is ignored). */
function isWordIn(s: Uint8Array, a: number, b: number, words: readonly string[]): boolean {
  let e = b;
  if (e > a && s[e - 1]! === 44) e--;
  const len = e - a;
  // Indexed, not `for...of`: this runs for every word that starts like a month or a weekday.
  for (let x = 0; x < words.length; x++) {
    const w = words[x]!;
    if (w.length !== len) continue;
    let k = 0;
    while (k < len && lowerAt(s, a + k) === w.charCodeAt(k)) k++;
    if (k === len) return true;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Digits-only s[a..b) (a trailing `,` ignored) with length in [min, max]. */
function digitsIn(s: Uint8Array, a: number, b: number, min: number, max: number): boolean {
  let e = b;
  if (e > a && s[e - 1]! === 44) e--;
  const len = e - a;
  if (len < min || len > max) return false;
  for (let i = a; i < e; i++) if (!isDigit(s[i]!)) return false;
  return true;
}

/** End of a leading `hh:mm[:ss[.frac|,frac]]` at `a`, or -1. */
function clockEnd(s: Uint8Array, a: number, b: number): number {
  let i = a;
  let groups = 0;
  while (true) {
    const st = i;
    while (i < b && i - st < 2 && isDigit(s[i]!)) i++;
    if (i === st) return -1;
    groups++;
    if (groups < 3 && i < b && s[i]! === 58) {
      i++;
      continue;
    }
    break;
  }
  if (groups < 2) return -1;
  const c = s[i]!;
  if (i + 1 < b && (c === 46 || c === 44) && isDigit(s[i + 1]!)) {
    i++;
    while (i < b && isDigit(s[i]!)) i++;
  }
  return i;
}

/** True when s[a..b) is only closing punctuation. */
function punctuationOnly(s: Uint8Array, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = s[i]!;
    if (c !== 44 && c !== 41 && c !== 93 && c !== 46 && c !== 59 && c !== 58 && c !== 125) return false;
  }
  return true;
}

function isTimeZone(s: Uint8Array, a: number, b: number): boolean {
  const len = b - a;
  if (len >= 3 && len <= 5) {
    let upper = true;
    for (let i = a; i < b; i++) {
      const c = s[i]!;
      if (c < 65 || c > 90) upper = false;
    }
    if (upper) return true;
  }
  const c0 = s[a]!;
  if (c0 !== 43 && c0 !== 45) return false;
  let digits = 0;
  for (let i = a + 1; i < b; i++) {
    const c = s[i]!;
    if (isDigit(c)) digits++;
    else if (c !== 58) return false;
  }
  return digits === 4;
}

/** End of the leading `+hhmm` / `-hh:mm` zone of s[a..b) (before closing punctuation). */
function zoneEnd(s: Uint8Array, a: number, b: number): number {
  let i = a + 1;
  while (i < b && (isDigit(s[i]!) || s[i]! === 58)) i++;
  return i;
}

/** Length of a leading `yyyy-mm-dd` / `yyyy/mm/dd` at `a`, or 0. */
function isoDateEnd(s: Uint8Array, a: number, b: number): number {
  if (b - a < 8) return -1;
  for (let i = a; i < a + 4; i++) if (!isDigit(s[i]!)) return -1;
  const sep = s[a + 4]!;
  if (sep !== 45 && sep !== 47) return -1;
  let i = a + 5;
  const m0 = i;
  while (i < b && i - m0 < 2 && isDigit(s[i]!)) i++;
  if (i === m0 || s[i]! !== sep) return -1;
  i++;
  const d0 = i;
  while (i < b && i - d0 < 2 && isDigit(s[i]!)) i++;
  return i === d0 ? -1 : i;
}

let tailStart = 0;
let leadEnd = 0;

/**
 * Offset where the last timestamp matched by `matchTimestampAt` starts in its first token (after
 * opening punctuation such as the `[` of `[10/Oct/2023:13:55:36 +0000]`).
 */
export function timestampLeadEnd(): number {
  return leadEnd;
}

/**
 * End of a Common Log Format date-time `dd/Mon/yyyy:hh:mm:ss` at `a` (the access-log time of Apache
 * and nginx), or -1.
 */
export function clfDateTimeEnd(s: Uint8Array, a: number, b: number): number {
  let i = a;
  const d0 = i;
  while (i < b && i - d0 < 2 && isDigit(s[i]!)) i++;
  if (i === d0 || s[i]! !== 47) return -1;
  i++;
  if (i + 4 > b || !isWordIn(s, i, i + 3, MONTHS) || s[i + 3]! !== 47) return -1;
  i += 4;
  for (let k = 0; k < 4; k++, i++) if (!isDigit(s[i]!)) return -1;
  if (s[i]! !== 58) return -1;
  const ce = clockEnd(s, i + 1, b);
  return ce < 0 ? -1 : ce;
}

/** Offset where the punctuation after the last timestamp matched by `matchTimestampAt` starts. */
export function timestampTailStart(): number {
  return tailStart;
}

/**
 * Number of tokens (from token `i`) forming a timestamp, or 0. On success the punctuation that
 * follows the timestamp in its last token starts at `timestampTailStart()`.
 */
export function matchTimestampAt(
  line: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  i: number,
  n: number,
): number {
  let j = i;
  const a0 = starts[i]!;
  const b0 = ends[i]!;
  leadEnd = a0;
  const c0 = line[a0]!;
  if (c0 === 91 || (isDigit(c0) && line[a0 + 2]! === 47)) {
    // [10/Oct/2023:13:55:36 +0000]
    const st = c0 === 91 ? a0 + 1 : a0;
    const ce = clfDateTimeEnd(line, st, b0);
    if (ce < 0) return 0;
    leadEnd = st;
    if (
      ce === b0 &&
      i + 1 < n &&
      isTimeZone(line, starts[i + 1]!, zoneEnd(line, starts[i + 1]!, ends[i + 1]!))
    ) {
      const ze = zoneEnd(line, starts[i + 1]!, ends[i + 1]!);
      if (!punctuationOnly(line, ze, ends[i + 1]!)) return 0;
      tailStart = ze;
      return 2;
    }
    if (!punctuationOnly(line, ce, b0)) return 0;
    tailStart = ce;
    return 1;
  }
  if (isDigit(c0)) {
    // yyyy-mm-dd hh:mm:ss[,fff]
    const de = isoDateEnd(line, a0, b0);
    if (de !== b0 || i + 1 >= n) return 0;
    const ce = clockEnd(line, starts[i + 1]!, ends[i + 1]!);
    if (ce < 0 || !punctuationOnly(line, ce, ends[i + 1]!)) return 0;
    tailStart = ce;
    return 2;
  }
  if (isWordIn(line, a0, b0, DAYS) || isWordIn(line, a0, b0, DAYS_LONG)) j++;
  if (j + 2 >= n) return 0;
  if (!(isWordIn(line, starts[j]!, ends[j]!, MONTHS) || isWordIn(line, starts[j]!, ends[j]!, MONTHS_LONG)))
    return 0;
  if (!digitsIn(line, starts[j + 1]!, ends[j + 1]!, 1, 2)) return 0;
  const cs = starts[j + 2]!;
  const cb = ends[j + 2]!;
  const ce = clockEnd(line, cs, cb);
  if (ce < 0 || !punctuationOnly(line, ce, cb)) return 0;
  let k = j + 3;
  tailStart = ce;
  if (ce === cb) {
    if (k < n && isTimeZone(line, starts[k]!, ends[k]!)) k++;
    if (k < n) {
      const ys = starts[k]!;
      const ye = ends[k]!;
      if (ye - ys >= 4 && digitsIn(line, ys, ys + 4, 4, 4) && punctuationOnly(line, ys + 4, ye)) {
        tailStart = ys + 4;
        k++;
      }
    }
  }
  return k - i;
}

/**
 * When line[a..b) (byte view `s`) is a size unit (`KB`, `MiB`...) optionally followed by closing
 * punctuation, returns that punctuation (possibly empty); otherwise null.
 */
export function isSizeUnitAt(line: string, s: Uint8Array, a: number, b: number): string | null {
  let u = a;
  // Units have at most three letters: a fourth one settles it (most tokens after a number are words).
  while (u < b && u - a < 4) {
    const c = s[u]!;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) u++;
    else break;
  }
  if (u === a || u - a > 3 || !SIZE_UNITS.has(packWord(s, a, u))) return null;
  return punctuationOnly(s, u, b) ? (u === b ? '' : line.slice(u, b)) : null;
}

/**
 * When line[a..b) (byte view `s`) is a time unit (`sec`, `ms`, `minutes`...) optionally followed by
 * closing punctuation, returns that punctuation (possibly empty); otherwise null.
 */
export function isTimeUnitAt(line: string, s: Uint8Array, a: number, b: number): string | null {
  let u = a;
  while (u < b) {
    const c = s[u]!;
    if (c >= 97 && c <= 122) u++;
    else break;
  }
  if (u === a || u - a > 7 || !TIME_UNITS.has(line.slice(a, u))) return null;
  return punctuationOnly(s, u, b) ? (u === b ? '' : line.slice(u, b)) : null;
}

/** Up to three ASCII letters as one number (a Set key without a string). */
function packWord(s: Uint8Array, a: number, u: number): number {
  let k = 0;
  for (let i = a; i < u; i++) k = (k << 8) | s[i]!;
  return k;
}
