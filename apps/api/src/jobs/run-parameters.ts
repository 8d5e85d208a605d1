import { type Parameter, secretValueProblem } from '@sluice/dag';
import type { RequestIssue } from './http/zod-http.js';

/** How secret parameter values appear anywhere the API shows run parameters. */
export const SECRET_PLACEHOLDER = '***';

export interface PreparedParameters {
  /** Values to store on the run row: secret ones replaced by `***`. */
  shown: Record<string, unknown>;
  /** Secret values supplied for this run (stored encrypted on the run row). */
  secrets: Record<string, string>;
  issues: RequestIssue[];
}

function coerce(param: Parameter, value: unknown): { value: unknown } | { problem: string } {
  const type = param.type ?? 'string';
  if (param.secret || type === 'string') {
    const text =
      typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : undefined;
    if (text === undefined) return { problem: 'must be text' };
    const problem = param.secret ? secretValueProblem(text) : undefined;
    return problem ? { problem } : { value: text };
  }
  if (type === 'integer' || type === 'number') {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n))
      return { problem: `must be ${type === 'integer' ? 'a whole number' : 'a number'}` };
    if (type === 'integer' && !Number.isInteger(n)) return { problem: 'must be a whole number' };
    return { value: n };
  }
  if (typeof value === 'boolean') return { value };
  if (value === 'true' || value === 'false') return { value: value === 'true' };
  return { problem: 'must be true or false' };
}

/**
 * Checks the parameter values of a manual run against the job's declarations: unknown names,
 * types (numbers and booleans may come as text, as from a form), and required parameters that
 * would have no value (no supplied value, no default, no stored secret).
 *
 * @example
 * prepareRunParameters([{ name: 'limit', type: 'integer', ... }], { limit: '10' }, new Set());
 * // { shown: { limit: 10 }, secrets: {}, issues: [] }
 */
export function prepareRunParameters(
  declared: readonly Parameter[],
  supplied: Readonly<Record<string, unknown>>,
  storedSecrets: ReadonlySet<string>,
): PreparedParameters {
  const byName = new Map(declared.map((p) => [p.name, p]));
  const shown: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  const issues: RequestIssue[] = [];
  for (const [name, value] of Object.entries(supplied)) {
    const param = byName.get(name);
    if (!param) {
      const known = declared.map((p) => p.name);
      issues.push({
        path: `parameters.${name}`,
        message: `the job declares no parameter '${name}'${known.length ? ` (declared: ${known.join(', ')})` : ''}`,
      });
      continue;
    }
    if (value === null || value === undefined) continue;
    const result = coerce(param, value);
    if ('problem' in result) {
      issues.push({ path: `parameters.${name}`, message: `parameter '${name}' ${result.problem}` });
      continue;
    }
    if (param.secret) {
      secrets[name] = result.value as string;
      shown[name] = SECRET_PLACEHOLDER;
    } else {
      shown[name] = result.value;
    }
  }
  // A supplied value that was refused above already has its issue: not also "is required".
  const given = Object.keys(supplied).filter((n) => supplied[n] !== null && supplied[n] !== undefined);
  for (const name of missingRequired(declared, new Set([...given, ...storedSecrets]))) {
    const secret = byName.get(name)?.secret;
    issues.push({
      path: `parameters.${name}`,
      message: `parameter '${name}' is required${secret ? ': supply it, or store it for scheduled runs with PUT /api/v1/jobs/{name}/secrets' : ''}`,
    });
  }
  return { shown, secrets, issues };
}

/** Required parameters that have neither a default nor a value among `have`. */
export function missingRequired(declared: readonly Parameter[], have: ReadonlySet<string>): string[] {
  return declared
    .filter((p) => p.required && p.default === undefined && !have.has(p.name))
    .map((p) => p.name);
}
