/**
 * Node names. Source and sink names are Flink table names and python fragments refer to them as
 * `t_env.from_path("name")`, so all names are plain identifiers, unique ignoring case (MySQL and
 * file systems may not distinguish case, and a file per node is written on export).
 */
import { LIMITS } from '../../model/job.schema.js';
import { type NodeEntry, nodeLabel, type RuleContext, report } from './rule-context.js';

/** Letters, digits and underscores, not starting with a digit. */
export const NODE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A valid identifier close to `name`, for the fix suggested in messages.
 *
 * @example
 * suggestIdentifier('log-input'); // 'log_input'
 */
export function suggestIdentifier(name: string): string {
  let s = name
    .trim()
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (s === '') s = 'node';
  if (/^[0-9]/.test(s)) s = `_${s}`;
  return s.slice(0, LIMITS.nameChars);
}

/**
 * Checks every node name; reports into `ctx.issues`.
 *
 * @example
 * checkNames(ctx); // e.g. adds { code: 'node.name-invalid', ... } for 'log-input'
 */
export function checkNames(ctx: RuleContext): void {
  const byLower = new Map<string, NodeEntry[]>();
  for (const entry of ctx.nodes) {
    if (entry.name === undefined) continue;
    const path = [...entry.path, 'name'];
    const ids = { nodeId: entry.id };
    const name = entry.name;
    if (name === '') {
      report(
        ctx,
        'node.name-empty',
        'error',
        path,
        `${nodeLabel(entry)} has no name: give it one, e.g. '${entry.kind ?? 'node'}_1'`,
        ids,
      );
      continue;
    }
    if (name.length > LIMITS.nameChars) {
      report(
        ctx,
        'node.name-invalid',
        'error',
        path,
        `${nodeLabel(entry)}: the name is longer than ${LIMITS.nameChars} characters`,
        ids,
      );
      continue;
    }
    if (!NODE_NAME_PATTERN.test(name)) {
      const what = entry.kind === 'python' ? 'a step name' : 'a table name';
      report(
        ctx,
        'node.name-invalid',
        'error',
        path,
        `${nodeLabel(entry)}: '${name}' is not valid as ${what}. Use letters, digits and underscores, not starting with a digit, e.g. '${suggestIdentifier(name)}'`,
        ids,
      );
    }
    const key = name.toLowerCase();
    const list = byLower.get(key);
    if (list === undefined) byLower.set(key, [entry]);
    else list.push(entry);
  }
  for (const list of byLower.values()) {
    if (list.length < 2) continue;
    const names = list.map((e) => `'${e.name}'`).join(', ');
    for (const entry of list.slice(1)) {
      report(
        ctx,
        'node.name-duplicate',
        'error',
        [...entry.path, 'name'],
        `${nodeLabel(entry)}: the name is used by ${list.length} nodes (${names}); names must be unique, ignoring case`,
        { nodeId: entry.id },
      );
    }
  }
}
