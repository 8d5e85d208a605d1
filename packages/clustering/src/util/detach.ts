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

/**
 * Like {@link detach}, and the copy is one flat sequential string (`detach` yields a view of a
 * flattened concatenation): for keys compared character by character on every lookup, where the
 * indirection of a view costs more than the one-off copy.
 */
export function detachFlat(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}
