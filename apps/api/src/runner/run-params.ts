import { SECRET_MASK, scanParamRefs, secretMasker, substituteParams } from '@sluice/dag';
import type { RunnableParameter } from './runnable-job.js';

/** What replaces a secret wherever the runner writes text a person can read. */
export const REDACTED = SECRET_MASK;

/** Option keys whose values are credentials whatever their source (`password`, `sasl.jaas.config`...). */
const SENSITIVE_KEY = /password|secret|token|jaas|credential/i;

/** Start parameters of one run: values by name, and which of them are secret. */
export class RunParams {
  readonly values: Readonly<Record<string, unknown>>;
  private readonly secretNames: ReadonlySet<string>;

  /**
   * Run values win over declared defaults; declared parameters without either stay unset, and a
   * reference to them fails the node that uses it.
   *
   * @example
   * const params = new RunParams([{ name: 'db_pass', secret: true }], { db_pass: 's3cret' });
   * params.resolveOptions('sink', 'out', { password: '${db_pass}' }).options.password; // 's3cret'
   */
  constructor(declared: readonly RunnableParameter[], supplied: Record<string, unknown>) {
    const values: Record<string, unknown> = {};
    const secrets = new Set<string>();
    for (const p of declared) {
      if (p.secret) secrets.add(p.name);
      if (p.default !== undefined && p.default !== null) values[p.name] = p.default;
    }
    for (const [name, value] of Object.entries(supplied)) {
      if (value !== undefined && value !== null) values[name] = value;
    }
    this.values = values;
    this.secretNames = secrets;
  }

  /** Secret values as text, for {@link SecretRedactor}. */
  secretValues(): string[] {
    return [...this.secretNames].flatMap((name) => {
      const value = this.values[name];
      return value === undefined ? [] : [stringify(value)];
    });
  }

  /**
   * Substitutes `${param}` references in a node's options. `secretKeys` lists the options that
   * must never be shown: those holding a secret parameter and those whose key names a credential.
   */
  resolveOptions(
    kind: string,
    node: string,
    options: Readonly<Record<string, string>>,
  ): { options: Record<string, string>; secretKeys: Set<string> } {
    const resolved: Record<string, string> = {};
    const secretKeys = new Set<string>();
    // `${name}` references and the `$${` escape, read by `@sluice/dag` exactly as its validator does.
    const text: Record<string, string> = {};
    for (const [key, raw] of Object.entries(options)) {
      if (SENSITIVE_KEY.test(key)) secretKeys.add(key);
      for (const ref of scanParamRefs(String(raw)).refs) {
        const value = this.values[ref.name];
        if (value === undefined) {
          throw new Error(
            `${kind} '${node}': option \`${key}\` references parameter \`${ref.name}\`, which has no value for this run`,
          );
        }
        if (this.secretNames.has(ref.name)) secretKeys.add(key);
        text[ref.name] = stringify(value);
      }
      resolved[key] = substituteParams(String(raw), text);
    }
    return { options: resolved, secretKeys };
  }
}

function stringify(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}

/**
 * Options as safe to log: secret ones replaced by {@link REDACTED}.
 *
 * @example
 * redactOptions({ url: 'jdbc:mysql://db/x', password: 'pw' }, new Set(['password'])); // { url: ..., password: '***' }
 */
export function redactOptions(
  options: Readonly<Record<string, string>>,
  secretKeys: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    out[key] = secretKeys.has(key) ? REDACTED : scrubInlineCredentials(value);
  }
  return out;
}

/**
 * Removes secret values from free text (Python prints, driver error messages, tracebacks) before it
 * reaches the run log: a step may print `ctx.params`, a driver may echo a connection string. The
 * shared `secretMasker` of `@sluice/dag` (raw, SQL- and JSON-escaped forms; values shorter than
 * `SECRET_MIN_LENGTH` are left alone, and the API refuses them as secrets).
 *
 * @example
 * new SecretRedactor(['s3cret!']).redact('login with s3cret! failed'); // 'login with *** failed'
 */
export class SecretRedactor {
  readonly redact: (text: string) => string;

  constructor(secrets: readonly string[]) {
    this.redact = secretMasker(secrets);
  }
}

/**
 * Credentials written inline in a value (`jdbc:mysql://user:pw@host/db`, `...?password=pw`,
 * `password="pw"` in a JAAS line) are masked even when they did not come from a secret parameter.
 *
 * @example
 * scrubInlineCredentials('jdbc:mysql://app:pw@db:3306/x?password=pw'); // 'jdbc:mysql://app:***@db:3306/x?password=***'
 */
export function scrubInlineCredentials(value: string): string {
  return value
    .replace(/(\/\/[^/@:\s]*:)[^@/\s]*@/g, `$1${REDACTED}@`)
    .replace(/([?&;]password=)[^&;\s]*/gi, `$1${REDACTED}`)
    .replace(/(password\s*=\s*")(?:[^"\\]|\\.)*"/gi, `$1${REDACTED}"`);
}
