/**
 * Small text helpers shared by validation messages and import ordering.
 * Pure functions, no platform APIs: this module runs in the browser too.
 */

/**
 * Edit distance between two strings (optimal string alignment: insertions, deletions,
 * substitutions and swaps of neighbours, the usual typos), capped at `max + 1` so that
 * "did you mean" suggestions over large catalogs stay cheap.
 *
 * @example
 * editDistance('kafak', 'kafka'); // 1
 */
export function editDistance(a: string, b: string, max = 3): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length]!;
}

/**
 * The closest candidate to `input` (case-insensitive), or undefined when nothing is close enough
 * to be a plausible typo.
 *
 * @example
 * didYouMean('scan.startup.mod', ['scan.startup.mode', 'topic']); // 'scan.startup.mode'
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  // One edit turns any one- or two-letter word into another: no guess is a good one.
  if (needle.length < 3) return undefined;
  // Allow roughly one typo per four characters, at least one and at most three.
  const budget = Math.min(3, Math.max(1, Math.floor(needle.length / 4)));
  let best: string | undefined;
  let bestScore = budget + 1;
  for (const candidate of candidates) {
    // The input itself is no suggestion (a field known elsewhere, unknown here).
    if (candidate === input) continue;
    const score = editDistance(needle, candidate.toLowerCase(), budget);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Compares strings so that embedded numbers sort by value ("step2" before "step10"); used for
 * deterministic fallback ordering of imported files.
 *
 * @example
 * ['b10', 'b2', 'a'].sort(naturalCompare); // ['a', 'b2', 'b10']
 */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return diff < 0 ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  if (pa.length !== pb.length) return pa.length - pb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Quotes a value for a user-facing message: short values verbatim, long ones shortened, control
 * characters made visible so that a message never spans several lines.
 *
 * @example
 * quoteForMessage('a\nb'); // "'a\\nb'"
 */
export function quoteForMessage(value: string, maxLength = 60): string {
  let shown = value.replace(/\p{Cc}/gu, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (shown.length > maxLength) shown = `${shown.slice(0, maxLength - 1)}…`;
  return `'${shown}'`;
}

/**
 * Joins items as "a, b and c" for messages.
 *
 * @example
 * listForMessage(['a', 'b', 'c']); // 'a, b and c'
 */
export function listForMessage(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Python keywords and soft keywords that cannot be used as plain variable names. */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);
