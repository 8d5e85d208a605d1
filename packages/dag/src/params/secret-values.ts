/**
 * What a secret parameter value must be for Sluice to keep it secret: every place that shows text
 * (run logs, Flink errors, tracebacks) masks secret values by searching for them, and that only
 * works for values long enough not to occur by chance, and stored exactly as given. The API
 * refuses other values; the redactors (API runner, `@sluice/flink`, and `SECRET_MIN_LENGTH` in
 * `packages/python/sluice_runtime/flink_plan.py`) skip shorter ones.
 */

/** Shorter values would mask ordinary text everywhere (and protect nothing); they are refused. */
export const SECRET_MIN_LENGTH = 4;

/**
 * Whether `text` has a UTF-16 surrogate without its pair (not text: cannot be stored as given).
 *
 * @example
 * hasLoneSurrogate('ok \ud83d\ude00'); // false (a pair)
 * hasLoneSurrogate('bad \ud800');       // true
 */
export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return true;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * Why a secret value cannot be accepted, or undefined when it can. Empty is allowed (a database
 * user without a password): there is nothing to leak.
 *
 * @example
 * secretValueProblem('abc'); // 'must be at least 4 characters long, so that it can be masked in logs'
 * secretValueProblem('s3cret!'); // undefined
 */
export function secretValueProblem(value: string): string | undefined {
  if (value.length > 0 && value.length < SECRET_MIN_LENGTH) {
    return `must be at least ${SECRET_MIN_LENGTH} characters long, so that it can be masked in logs`;
  }
  if (hasLoneSurrogate(value)) return 'is not valid text (it has an unpaired UTF-16 surrogate)';
  return undefined;
}
