/**
 * What a child process (a Python step, a pip build) inherits from the API's own environment: an
 * allowlist, because the API's environment holds credentials (MYSQL_URL, SLUICE_SECRET_KEY, ...)
 * that user code must never see. This is the one place outside `load-config.ts` that reads
 * `process.env`, and it only ever copies these names.
 */

/** Enough to run Python: find programs, a home, a locale, a clock, a temp dir. */
export const STEP_ENV_KEYS = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'] as const;

/** Steps' keys plus what pip needs to reach a package index from behind a proxy or mirror. */
export const BUILD_ENV_KEYS = [
  ...STEP_ENV_KEYS,
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'PIP_INDEX_URL',
  'PIP_CERT',
] as const;

/**
 * The allowlisted variables that are set, copied out of `source`.
 *
 * @example
 * spawn(python, args, { env: { ...inheritedEnv(STEP_ENV_KEYS), PYTHONUNBUFFERED: '1' } });
 */
export function inheritedEnv(
  keys: readonly string[],
  source: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}
