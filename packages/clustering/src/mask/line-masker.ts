/**
 * Splits a log message into whitespace tokens and masks variables, including the forms that span
 * several tokens: syslog/ctime timestamps (`Fri Jun 17 07:07:00 2005`), date + time pairs, and sizes
 * written with a separate unit (`5.2 KB`).
 */
import { isSpace } from './char-class.js';
import { maskToken, WILDCARD } from './token-masker.js';

/** The masked form of one line. */
export interface MaskedLine {
  /** Masked tokens; a variable is `<*>`, possibly inside a token (`uid=<*>`). */
  tokens: string[];
  /** Raw text of each variable, in order. Only filled when requested. */
  params: string[];
}

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

const MONTHS = new Set([
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]);
const WEEKDAYS = new Set([
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);
const SIZE_UNITS = new Set([
  'B',
  'KB',
  'MB',
  'GB',
  'TB',
  'PB',
  'kB',
  'Kb',
  'Mb',
  'Gb',
  'KiB',
  'MiB',
  'GiB',
  'TiB',
  'K',
  'M',
  'G',
]);

function isDigits(s: string, min: number, max: number): boolean {
  if (s.length < min || s.length > max) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Length of the leading `hh:mm[:ss[.frac|,frac]]` of `s`, or 0. */
function clockLength(s: string): number {
  let i = 0;
  let groups = 0;
  while (true) {
    const st = i;
    while (i < s.length && i - st < 2 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === st) return 0;
    groups++;
    if (groups < 3 && s.charCodeAt(i) === 58) {
      i++;
      continue;
    }
    break;
  }
  if (groups < 2) return 0;
  const c = s.charCodeAt(i);
  if ((c === 46 || c === 44) && s.charCodeAt(i + 1) >= 48 && s.charCodeAt(i + 1) <= 57) {
    i++;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  }
  return i;
}

/** Length of the leading `yyyy-mm-dd` or `yyyy/mm/dd` of `s`, or 0. */
function isoDateLength(s: string): number {
  if (s.length < 8 || !isDigits(s.slice(0, 4), 4, 4)) return 0;
  const sep = s.charCodeAt(4);
  if (sep !== 45 && sep !== 47) return 0;
  let i = 5;
  const m0 = i;
  while (i < s.length && i - m0 < 2 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === m0 || s.charCodeAt(i) !== sep) return 0;
  i++;
  const d0 = i;
  while (i < s.length && i - d0 < 2 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i === d0 ? 0 : i;
}

/** Trailing characters of a token after `len` that are only punctuation (`,` `)` `]` `.` `;`). */
function punctuationTail(s: string, len: number): string | null {
  for (let i = len; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 44 && c !== 41 && c !== 93 && c !== 46 && c !== 59 && c !== 58 && c !== 125) return null;
  }
  return s.slice(len);
}

function isTimeZone(s: string): boolean {
  if (s.length >= 3 && s.length <= 5) {
    let upper = true;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 65 || c > 90) upper = false;
    }
    if (upper) return true;
  }
  const c0 = s.charCodeAt(0);
  return (c0 === 43 || c0 === 45) && isDigits(s.slice(1).replace(':', ''), 4, 4);
}

/**
 * Detects a timestamp spanning tokens `raw[i..]`; returns the number of tokens it covers and the
 * punctuation that follows it in the last token, or null.
 */
function matchTimestamp(raw: readonly string[], i: number): { count: number; tail: string } | null {
  const t0 = raw[i]!;
  let j = i;
  // ctime / syslog: [Weekday] Month Day hh:mm:ss [TZ] [Year]
  if (WEEKDAYS.has(t0.replace(/,$/, '').toLowerCase())) j++;
  const month = raw[j];
  if (month !== undefined && MONTHS.has(month.toLowerCase())) {
    const day = raw[j + 1];
    const clock = raw[j + 2];
    if (day !== undefined && isDigits(day.replace(/,$/, ''), 1, 2) && clock !== undefined) {
      const cl = clockLength(clock);
      if (cl > 0) {
        let tail = punctuationTail(clock, cl);
        if (tail === null) return null;
        let k = j + 3;
        if (tail === '') {
          const tz = raw[k];
          if (tz !== undefined && isTimeZone(tz)) k++;
          const year = raw[k];
          if (year !== undefined && year.length >= 4 && isDigits(year.slice(0, 4), 4, 4)) {
            const yt = punctuationTail(year, 4);
            if (yt !== null) {
              tail = yt;
              k++;
            }
          }
        }
        return { count: k - i, tail };
      }
    }
    return null;
  }
  // ISO-like: yyyy-mm-dd hh:mm:ss[,fff] [TZ]
  const dl = isoDateLength(t0);
  if (dl > 0 && dl === t0.length) {
    const clock = raw[i + 1];
    if (clock !== undefined) {
      const cl = clockLength(clock);
      if (cl > 0) {
        const tail = punctuationTail(clock, cl);
        if (tail !== null) return { count: 2, tail };
      }
    }
  }
  return null;
}

function firstCharMayStartTimestamp(t: string): boolean {
  const c = t.charCodeAt(0) | 32;
  // Weekday/month names start with a letter in [a-z]; ISO dates with a digit.
  return (c >= 97 && c <= 122) || (t.charCodeAt(0) >= 48 && t.charCodeAt(0) <= 57);
}

/**
 * Masks a whole line: built-in detectors only, no options.
 *
 * @example
 * maskLine('connection from 10.0.0.1 at Fri Jun 17 07:07:00 2005', false).tokens;
 * // ['connection', 'from', '<*>', 'at', '<*>']
 */
export function maskLine(line: string, wantParams: boolean): MaskedLine {
  return maskTokens(splitTokens(line), wantParams ? [] : null);
}

/** Masks already split tokens; appends variable values to `params` when given. */
export function maskTokens(raw: readonly string[], params: string[] | null): MaskedLine {
  const tokens: string[] = [];
  const p = params;
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    if (raw.length - i >= 2 && firstCharMayStartTimestamp(t)) {
      const ts = matchTimestamp(raw, i);
      if (ts) {
        if (p) {
          const joined = raw.slice(i, i + ts.count).join(' ');
          p.push(joined.slice(0, joined.length - ts.tail.length));
        }
        tokens.push(WILDCARD + ts.tail);
        i += ts.count - 1;
        continue;
      }
    }
    let masked = maskToken(t, p);
    // `5.2 KB` is one size: fold the unit into the number.
    if (masked === WILDCARD && i + 1 < raw.length) {
      const next = raw[i + 1]!;
      let ul = 0;
      while (ul < next.length) {
        const c = next.charCodeAt(ul);
        if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) ul++;
        else break;
      }
      if (ul > 0 && SIZE_UNITS.has(next.slice(0, ul))) {
        const tail = punctuationTail(next, ul);
        if (tail !== null) {
          if (p) p[p.length - 1] = `${p[p.length - 1]} ${next.slice(0, ul)}`;
          masked = WILDCARD + tail;
          i++;
        }
      }
    }
    tokens.push(masked);
  }
  return { tokens, params: p ?? [] };
}
