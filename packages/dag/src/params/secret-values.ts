/**
 * What a secret parameter value must be for Sluice to keep it secret: every place that shows text
 * (run logs, Flink errors, tracebacks) masks secret values by searching for them, and that only
 * works for values long enough not to occur by chance, and stored exactly as given. The API
 * refuses other values; {@link secretMasker} and the Python driver (`SECRET_MIN_LENGTH` in
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

/** What a masked secret reads as in logs, errors and shown parameters. */
export const SECRET_MASK = '***';

/**
 * A function that replaces every secret value (of at least {@link SECRET_MIN_LENGTH} characters)
 * with `***`, also in the forms it takes inside generated SQL (quotes doubled) and JSON (escaped),
 * because Flink, drivers and Python echo statements and configuration. The one masker of Sluice:
 * batch run logs, Flink submissions and real-time errors all use it.
 *
 * @example
 * const mask = secretMasker(["it's-secret"]);
 * mask("password 'it''s-secret' refused"); // "password '***' refused"
 */
export function secretMasker(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    // Shorter values would mask ordinary text everywhere (the API refuses such secrets).
    if (s.length < SECRET_MIN_LENGTH) continue;
    forms.add(s);
    forms.add(s.replaceAll("'", "''"));
    forms.add(JSON.stringify(s).slice(1, -1));
  }
  // Longest first, so that a secret containing another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const f of ordered) if (out.includes(f)) out = out.split(f).join(SECRET_MASK);
    return out;
  };
}
