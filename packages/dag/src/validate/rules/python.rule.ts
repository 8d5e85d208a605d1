/**
 * Python steps: the mode must suit the job kind, record steps must define `process`, and pyflink
 * fragments should only touch tables the job defines.
 */
import { analyzeFragment } from '../../io/pyflink-fragments.js';
import type { PythonNode } from '../../model/job.schema.js';
import { type NodeEntry, nodeLabel, type RuleContext, report } from './rule-context.js';

/**
 * Checks one python node. `tables` maps table names (sources and sinks) to their kind; `registered`
 * holds views that pyflink fragments of the job register themselves.
 *
 * @example
 * checkPython(ctx, entry, node, new Map([['events', 'source']]), new Set()); // e.g. adds 'python.process-missing'
 */
export function checkPython(
  ctx: RuleContext,
  entry: NodeEntry,
  node: PythonNode,
  tables: ReadonlyMap<string, 'source' | 'sink'>,
  registered: ReadonlySet<string>,
): void {
  const label = nodeLabel(entry);
  const base = [...entry.path, 'config'];
  const ids = { nodeId: node.id };
  const { mode, code } = node.config;
  if (mode === 'pyflink' && ctx.kind === 'scheduled') {
    report(
      ctx,
      'python.mode-not-allowed',
      'error',
      [...base, 'mode'],
      `${label}: pyflink steps run only in real-time jobs on Flink. Rewrite it as a record step (def process(record, ctx)) or make this a real-time job`,
      ids,
    );
  }
  if (code.trim() === '') {
    report(
      ctx,
      'python.code-empty',
      'error',
      [...base, 'code'],
      mode === 'record'
        ? `${label} has no code: define process(record, ctx) returning a dict, a list of dicts or None`
        : `${label} has no code`,
      ids,
    );
    return;
  }
  if (mode === 'record') {
    if (!/^(async\s+)?def\s+process\s*\(/m.test(code)) {
      report(
        ctx,
        'python.process-missing',
        'error',
        [...base, 'code'],
        `${label} must define process(record, ctx) at the top level; it is called once per record`,
        ids,
      );
    } else if (/^async\s+def\s+process\s*\(/m.test(code)) {
      report(
        ctx,
        'python.process-async',
        'error',
        [...base, 'code'],
        `${label}: process(record, ctx) must be a plain function, not async`,
        ids,
      );
    }
    return;
  }
  const analysis = analyzeFragment(code);
  for (const table of analysis.reads) {
    if (!tables.has(table) && !registered.has(table)) {
      report(
        ctx,
        'python.unknown-table',
        'warning',
        [...base, 'code'],
        `${label} reads table '${table}', which no source in this job defines`,
        ids,
      );
    }
  }
  for (const table of analysis.writes) {
    const kind = tables.get(table);
    if (kind === undefined) {
      report(
        ctx,
        'python.unknown-table',
        'warning',
        [...base, 'code'],
        `${label} writes to table '${table}', which no sink in this job defines`,
        ids,
      );
    } else if (kind === 'source') {
      report(
        ctx,
        'python.writes-source',
        'warning',
        [...base, 'code'],
        `${label} writes into '${table}', which is a source of this job`,
        ids,
      );
    }
  }
}
