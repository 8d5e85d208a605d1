/**
 * What every validation rule sees: the parts of the job that parsed, indexed for lookups, and a
 * place to report issues.
 */
import type { Runtime } from '../../catalog/catalog.types.js';
import type {
  DagNode,
  Edge,
  JobKind,
  NodeKind,
  Parameter,
  RealtimeSettings,
  ScheduleSettings,
} from '../../model/job.schema.js';
import type { IssuePath, Severity, ValidationIssue } from '../issues.js';

export interface NodeEntry {
  index: number;
  /** The node's id, or undefined when it has none usable. */
  id: string | undefined;
  kind: NodeKind | undefined;
  name: string | undefined;
  /** The fully parsed node, when its shape was valid. */
  node: DagNode | undefined;
  path: IssuePath;
}

export interface EdgeEntry {
  index: number;
  edge: Edge;
  path: IssuePath;
}

export interface RuleContext {
  /** The raw input's job-level fields, for rules that read them directly. */
  raw: Record<string, unknown>;
  kind: JobKind | undefined;
  /** `batch` for a scheduled job, `streaming` for a real-time one. */
  runtime: Runtime | undefined;
  nodes: NodeEntry[];
  /** First node per id. */
  nodesById: Map<string, NodeEntry>;
  edges: EdgeEntry[];
  /** Declared parameters by name (those whose name parsed). */
  params: Map<string, Parameter>;
  /** False when the parameter list itself is unreadable: reference checks would only add noise. */
  paramsKnown: boolean;
  schedule: ScheduleSettings | undefined;
  realtime: RealtimeSettings | undefined;
  issues: ValidationIssue[];
}

/**
 * Adds an issue to the context.
 *
 * @example
 * report(ctx, 'graph.empty', 'error', ['graph', 'nodes'], 'The pipeline is empty: ...');
 */
export function report(
  ctx: RuleContext,
  code: string,
  severity: Severity,
  path: IssuePath,
  message: string,
  ids: { nodeId?: string | undefined; edgeId?: string | undefined } = {},
): void {
  const issue: ValidationIssue = { path, code, message, severity };
  if (ids.nodeId !== undefined) issue.nodeId = ids.nodeId;
  if (ids.edgeId !== undefined) issue.edgeId = ids.edgeId;
  ctx.issues.push(issue);
}

const KIND_LABEL: Record<NodeKind, string> = { source: 'Source', python: 'Step', sink: 'Sink' };

/**
 * How messages name a node.
 *
 * @example
 * nodeLabel({ kind: 'python', name: 'enrich', id: 'n1', index: 0 }); // "Step 'enrich'"
 */
export function nodeLabel(entry: Pick<NodeEntry, 'kind' | 'name' | 'id' | 'index'>): string {
  const kind = entry.kind === undefined ? 'Node' : KIND_LABEL[entry.kind];
  const name = entry.name !== undefined && entry.name !== '' ? entry.name : entry.id;
  return name === undefined ? `${kind} #${entry.index + 1}` : `${kind} '${name}'`;
}
