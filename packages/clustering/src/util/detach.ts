/**
 * Returns a copy of `s` that does not keep its source string alive.
 *
 * V8 represents substrings (`slice`, `split`, lines of a read buffer) as views into the original
 * string, so storing one short line can pin a whole multi-megabyte input chunk in memory. Strings
 * kept for the long run (cache keys, templates, samples) go through this first: the concatenation
 * is flattened into a new string by `slice`, and the result refers only to that new string.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}
