/**
 * Removing secret values from text meant for people (CLI output, error messages). Besides the
 * raw value, the forms it takes inside generated SQL (quotes doubled) and JSON (escaped) are
 * removed too, because Flink and Python errors echo statements and configuration.
 */

import { SECRET_MIN_LENGTH } from '@sluice/dag';

export const REDACTED = '***';

/** How a parameter value reads inside an option string (the same rule as the Python driver). */
export function parameterText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/**
 * A function that replaces every secret (and its SQL/JSON-escaped forms) with `***`.
 *
 * @example
 * const redact = secretRedactor(["it's"]);
 * redact("password 'it''s' refused"); // "password '***' refused"
 */
export function secretRedactor(secrets: readonly string[]): (text: string) => string {
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
    for (const f of ordered) out = out.split(f).join(REDACTED);
    return out;
  };
}
