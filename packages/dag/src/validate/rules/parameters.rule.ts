/**
 * Declared parameters, and `${name}` references to them.
 */
import type { Parameter } from '../../model/job.schema.js';
import { PARAM_NAME_PATTERN, scanParamRefs } from '../../params/param-refs.js';
import { didYouMean, PYTHON_KEYWORDS } from '../../util/text.js';
import type { IssuePath } from '../issues.js';
import { type RuleContext, report } from './rule-context.js';

/** Names that JavaScript objects treat specially: a parameter map must never carry them as keys. */
const RESERVED_OBJECT_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks the parameter declarations themselves; reports into `ctx.issues`.
 *
 * @example
 * checkParameters(ctx, [{ name: 'pw', secret: true, default: 'x' }]); // adds 'param.secret-default'
 */
export function checkParameters(ctx: RuleContext, raw: unknown): void {
  if (!Array.isArray(raw)) return;
  const seen = new Set<string>();
  raw.forEach((p: unknown, index) => {
    if (typeof p !== 'object' || p === null) return;
    const param = p as Partial<Parameter>;
    const path: IssuePath = ['parameters', index];
    if (typeof param.name !== 'string') return;
    const name = param.name;
    if (!PARAM_NAME_PATTERN.test(name)) {
      report(
        ctx,
        'param.name-invalid',
        'error',
        [...path, 'name'],
        `Parameter '${name}' has an invalid name: use letters, digits and underscores, not starting with a digit (it is written \${name} in options)`,
      );
    } else if (RESERVED_OBJECT_KEYS.has(name)) {
      report(
        ctx,
        'param.name-reserved',
        'error',
        [...path, 'name'],
        `Parameter '${name}' is reserved (parameter values travel as JSON objects, where it has a special meaning); choose another name`,
      );
    } else if (PYTHON_KEYWORDS.has(name)) {
      report(
        ctx,
        'param.name-keyword',
        'error',
        [...path, 'name'],
        `Parameter '${name}' is a Python keyword and cannot be used as a variable in PyFlink jobs; choose another name`,
      );
    }
    if (seen.has(name)) {
      report(ctx, 'param.duplicate', 'error', [...path, 'name'], `Parameter '${name}' is declared twice`);
    }
    seen.add(name);
    const type = param.type ?? 'string';
    if (param.secret === true && param.default !== undefined) {
      report(
        ctx,
        'param.secret-default',
        'error',
        [...path, 'default'],
        `Secret parameter '${name}' cannot have a default: it would be stored in the job in plain text. Supply the value when the job starts`,
      );
    } else if (param.default !== undefined) {
      const d = param.default;
      const fits =
        (type === 'string' && typeof d === 'string') ||
        (type === 'integer' && typeof d === 'number' && Number.isInteger(d)) ||
        (type === 'number' && typeof d === 'number' && Number.isFinite(d)) ||
        (type === 'boolean' && typeof d === 'boolean');
      if (!fits) {
        const want = {
          string: 'text',
          integer: 'a whole number',
          number: 'a number',
          boolean: 'true or false',
        }[type];
        report(
          ctx,
          'param.default-type',
          'error',
          [...path, 'default'],
          `The default of parameter '${name}' must be ${want}, because its type is ${type}`,
        );
      }
    }
  });
}

/** Where a reference was found, for messages: "option 'url' of Source 'orders'". */
export interface RefSite {
  path: IssuePath;
  label: string;
  /** Whether a secret may be referenced here (its value is kept out of scripts and logs). */
  secretCapable: boolean;
  nodeId?: string | undefined;
}

/**
 * Checks the references in one text. Returns true when the text holds at least one reference
 * (well-formed or not), so callers can skip checks that need a literal value.
 *
 * @example
 * checkParamRefs(ctx, '${db_hots}', { path, label: "option 'url'", secretCapable: false }); // true, adds 'param.undeclared'
 */
export function checkParamRefs(ctx: RuleContext, text: string, site: RefSite): boolean {
  const scan = scanParamRefs(text);
  const ids = { nodeId: site.nodeId };
  for (const problem of scan.problems) {
    report(ctx, 'param.reference-malformed', 'error', site.path, `${site.label}: ${problem.message}`, ids);
  }
  for (const ref of scan.refs) {
    const param = ctx.params.get(ref.name);
    if (param === undefined) {
      if (!ctx.paramsKnown) continue;
      const hint = didYouMean(ref.name, ctx.params.keys());
      report(
        ctx,
        'param.undeclared',
        'error',
        site.path,
        `${site.label} refers to \${${ref.name}}, which is not a declared parameter${hint === undefined ? '; declare it under parameters' : `; did you mean \${${hint}}?`}`,
        ids,
      );
      continue;
    }
    if (param.secret && !site.secretCapable) {
      report(
        ctx,
        'param.secret-leak',
        'error',
        site.path,
        `${site.label} uses the secret parameter \${${ref.name}}, but its value would appear in generated scripts, the Flink dashboard or logs there. Use secrets only in credential options such as 'password'`,
        ids,
      );
    }
  }
  return scan.refs.length > 0 || scan.problems.length > 0;
}
