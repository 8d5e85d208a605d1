/** A line-by-line diff of two texts (python code, templates), for showing a changed field. */

export interface DiffLine {
  type: 'same' | 'added' | 'removed';
  text: string;
}

/** Above this many lines on either side the diff is not computed (the LCS table grows as n × m). */
export const MAX_DIFF_LINES = 2_000;

/**
 * The lines of `before` and `after` as kept, removed and added, in order (longest common
 * subsequence), or undefined when either text is too long to compare here.
 *
 * @example
 * lineDiff('a\nb', 'a\nc'); // [{ type: 'same', text: 'a' }, { type: 'removed', text: 'b' }, { type: 'added', text: 'c' }]
 */
export function lineDiff(before: string, after: string): DiffLine[] | undefined {
  const a = before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  if (a.length > MAX_DIFF_LINES || b.length > MAX_DIFF_LINES) return undefined;
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i]!;
    const next = lcs[i + 1]!;
    for (let j = m - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? next[j + 1]! + 1 : Math.max(next[j]!, row[j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ type: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ type: 'removed', text: a[i++]! });
    } else {
      out.push({ type: 'added', text: b[j++]! });
    }
  }
  while (i < n) out.push({ type: 'removed', text: a[i++]! });
  while (j < m) out.push({ type: 'added', text: b[j++]! });
  return out;
}
