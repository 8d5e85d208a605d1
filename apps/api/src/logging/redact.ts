export const REDACTED = '[REDACTED]';

/** Words that mark a key as sensitive, matched per word of the key so `compass` or `tokenizer` stay visible. */
const SENSITIVE_WORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'authorization',
  'cookie',
]);

/**
 * Whether a key's value must never be logged: passwords, secrets, tokens, API keys,
 * credentials, cookies and authorization headers, in any casing or naming style
 * (`dbPassword`, `SLUICE_SECRET_KEY`, `refresh_token`, `x-api-key`).
 */
export function isSensitiveKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((word, i) => SENSITIVE_WORDS.has(word) || (word === 'api' && words[i + 1] === 'key'));
}

const MAX_DEPTH = 8;

/**
 * Returns a copy of `value` with every sensitive key's value replaced by `[REDACTED]`, at any
 * depth of plain objects and arrays. Class instances (errors, requests, buffers) are passed
 * through untouched: pino serializes those itself, and walking a socket would be slow and wrong.
 *
 * @example
 * redactSensitive({ db: { user: 'a', password: 'b' } }); // { db: { user: 'a', password: '[REDACTED]' } }
 */
export function redactSensitive<T>(value: T, depth = 0, seen = new WeakSet<object>()): T {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (seen.has(value)) return value;
  if (Array.isArray(value)) {
    seen.add(value);
    return value.map((item) => redactSensitive(item, depth + 1, seen)) as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  seen.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) ? REDACTED : redactSensitive(item, depth + 1, seen);
  }
  return out as T;
}

/**
 * pino `redact` paths for what pino-http serializes: request/response headers that carry
 * credentials. Key-name redaction for everything else happens in `redactSensitive`.
 */
export const HTTP_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-auth-token"]',
  'res.headers["set-cookie"]',
];
