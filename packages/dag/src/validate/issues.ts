/**
 * Validation issues: what `validateDag` and the importers return. Every issue has a path into the
 * job, a stable code, a plain message and a severity; issues about one node or edge also carry its
 * id so that the canvas can mark it.
 */
import type { z } from 'zod';
import { KNOWN_FIELD_NAMES } from '../model/job.schema.js';
import { didYouMean, quoteForMessage } from '../util/text.js';

export type Severity = 'error' | 'warning' | 'info';
export type IssuePath = (string | number)[];

export interface ValidationIssue {
  /** Where in the job: e.g. `['graph', 'nodes', 2, 'config', 'options', 'topic']`. */
  path: IssuePath;
  /** Stable machine-readable code, e.g. `graph.cycle`, `option.missing`. */
  code: string;
  /** A sentence a user understands, naming the node, field and fix. */
  message: string;
  severity: Severity;
  nodeId?: string;
  edgeId?: string;
}

/**
 * Formats a path the way a developer would write it: `graph.nodes[2].config.options["scan.startup.mode"]`.
 *
 * @example
 * formatPath(['graph', 'nodes', 0, 'config', 'options', 'a.b']); // 'graph.nodes[0].config.options["a.b"]'
 */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'symbol') out += `[${String(seg)}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(the job)' : out;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object of text values',
  literal: 'a fixed value',
};

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  switch (typeof input) {
    case 'string':
      return 'text';
    case 'number':
      return Number.isInteger(input) ? 'a whole number' : 'a number';
    case 'boolean':
      return input ? 'true' : 'false';
    case 'object':
      return 'an object';
    default:
      return typeof input;
  }
}

/**
 * Translates zod issues (parsed with `reportInput: true`) into plain messages. Input values are
 * only described by their type, never echoed, except for enum-like fields where the bad value is
 * the useful part of the message.
 *
 * @example
 * const r = jobSchema.safeParse({}, { reportInput: true });
 * if (!r.success) translateZodIssues(r.error.issues)[0]?.message; // 'name is missing: it must be text'
 */
export function translateZodIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: IssuePath = [],
  extra: { nodeId?: string; edgeId?: string } = {},
): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path: IssuePath = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    const where = formatPath(path);
    let message: string;
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'invalid_type': {
        const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
        message =
          input === undefined
            ? `${where} is missing: it must be ${expected}`
            : `${where} must be ${expected}, not ${describeInput(input)}`;
        break;
      }
      case 'too_small': {
        const min = Number(issue.minimum);
        if (issue.origin === 'string')
          message = min <= 1 ? `${where} must not be empty` : `${where} must have at least ${min} characters`;
        else if (issue.origin === 'array')
          message = `${where} must have at least ${min} item${min === 1 ? '' : 's'}`;
        else message = `${where} must be at least ${min}`;
        break;
      }
      case 'too_big': {
        const max = Number(issue.maximum);
        if (issue.origin === 'string') message = `${where} must have at most ${max} characters`;
        else if (issue.origin === 'array') message = `${where} must have at most ${max} items`;
        else message = `${where} must be at most ${max}`;
        break;
      }
      case 'invalid_value': {
        const allowed = issue.values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
        const got =
          typeof input === 'string'
            ? `, not ${quoteForMessage(input)}`
            : input === undefined
              ? ' (it is missing)'
              : `, not ${describeInput(input)}`;
        message =
          issue.values.length === 1
            ? `${where} must be ${allowed}${got}`
            : `${where} must be one of ${allowed}${got}`;
        break;
      }
      case 'unrecognized_keys': {
        const parts = issue.keys.map((k) => {
          const hint = didYouMean(k, KNOWN_FIELD_NAMES);
          return `'${k}'${hint === undefined ? '' : ` (did you mean '${hint}'?)`}`;
        });
        message = `Unknown field${issue.keys.length === 1 ? '' : 's'} ${parts.join(', ')} in ${where}`;
        break;
      }
      case 'invalid_format':
        message = `${where} has the wrong format (${issue.format})`;
        break;
      case 'not_multiple_of':
        message = `${where} must be a multiple of ${String(issue.divisor)}`;
        break;
      case 'invalid_union':
        message =
          issue.message && issue.message !== 'Invalid input'
            ? `${where} ${issue.message}`
            : `${where} does not match any allowed shape`;
        break;
      default:
        message = `${where}: ${issue.message}`;
    }
    out.push({ path, code: `schema.${issue.code}`, message, severity: 'error', ...extra });
  }
  return out;
}

/**
 * True when the issues contain at least one error (warnings and infos do not block saving).
 *
 * @example
 * hasErrors([{ path: [], code: 'x', message: 'm', severity: 'warning' }]); // false
 */
export function hasErrors(issues: readonly ValidationIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
