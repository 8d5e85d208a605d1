/**
 * Structural diff between two versions of a job, for the versions page: nodes and edges added or
 * removed, and every field that changed (with its path) inside changed nodes and job settings.
 * Columns and parameters are matched by name, nodes by id, edges by their endpoints, so that a
 * reorder or a re-created edge is not reported as a change of everything after it.
 */
import type { DagNode, Edge, Job } from '../model/job.schema.js';
import { scanParamRefs } from '../params/param-refs.js';
import { CREDENTIAL_KEY, REDACTED } from '../util/secrets.js';
import type { IssuePath } from '../validate/issues.js';

export type ChangeType = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** Path inside the node (for node changes) or inside the job (for job fields). */
  path: IssuePath;
  type: ChangeType;
  before?: unknown;
  after?: unknown;
}

export interface NodeDiff {
  id: string;
  name: string;
  kind: DagNode['kind'];
  changes: FieldChange[];
}

export interface JobDiff {
  nodes: { added: DagNode[]; removed: DagNode[]; changed: NodeDiff[] };
  edges: { added: Edge[]; removed: Edge[] };
  /** Changes of the job's own fields (everything except the graph). */
  fields: FieldChange[];
  /** Total number of added, removed and changed items. */
  changeCount: number;
}

export interface DiffOptions {
  /** Leave node positions out (moving a node is not a change). */
  ignoreLayout?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Compares two versions of a job. Literal credential values (e.g. a `password` option typed in
 * clear) are redacted in `before`/`after`.
 *
 * @example
 * const d = diffJobs(v1, v2);
 * d.nodes.changed[0]?.changes; // [{ path: ['config', 'options', 'topic'], type: 'changed', before: 'a', after: 'b' }]
 */
export function diffJobs(before: Job, after: Job, options: DiffOptions = {}): JobDiff {
  const diff: JobDiff = {
    nodes: { added: [], removed: [], changed: [] },
    edges: { added: [], removed: [] },
    fields: [],
    changeCount: 0,
  };

  const { graph: _bg, ...beforeFields } = before;
  const { graph: _ag, ...afterFields } = after;
  diffValue(beforeFields, afterFields, [], diff.fields);

  const beforeNodes = new Map(before.graph.nodes.map((n) => [n.id, n]));
  const afterNodes = new Map(after.graph.nodes.map((n) => [n.id, n]));
  for (const node of after.graph.nodes) {
    const old = beforeNodes.get(node.id);
    if (old === undefined) {
      diff.nodes.added.push(redactNode(node));
      continue;
    }
    const changes: FieldChange[] = [];
    const strip = (n: DagNode) => (options.ignoreLayout === true ? { ...n, position: undefined } : n);
    diffValue(strip(old), strip(node), [], changes);
    if (changes.length > 0)
      diff.nodes.changed.push({ id: node.id, name: node.name, kind: node.kind, changes });
  }
  for (const node of before.graph.nodes)
    if (!afterNodes.has(node.id)) diff.nodes.removed.push(redactNode(node));

  const key = (e: Edge) => `${e.source}\u0000${e.target}`;
  const beforeEdges = new Set(before.graph.edges.map(key));
  const afterEdges = new Set(after.graph.edges.map(key));
  diff.edges.added = after.graph.edges.filter((e) => !beforeEdges.has(key(e)));
  diff.edges.removed = before.graph.edges.filter((e) => !afterEdges.has(key(e)));

  diff.changeCount =
    diff.fields.length +
    diff.nodes.added.length +
    diff.nodes.removed.length +
    diff.nodes.changed.reduce((sum, n) => sum + n.changes.length, 0) +
    diff.edges.added.length +
    diff.edges.removed.length;
  return diff;
}

function redactNode(node: DagNode): DagNode {
  if (node.kind === 'python') return node;
  const options: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.config.options)) options[k] = redact(k, v);
  return { ...node, config: { ...node.config, options } };
}

function redact(key: string, value: string): string {
  // A value that is only parameter references carries no secret itself.
  if (!CREDENTIAL_KEY.test(key) || value === '' || scanParamRefs(value).refs.length > 0) return value;
  return REDACTED;
}

function diffValue(a: unknown, b: unknown, path: IssuePath, out: FieldChange[]): void {
  if (a === b) return;
  if (isObject(a) && isObject(b)) {
    const optionsMap = path.length > 0 && path[path.length - 1] === 'options';
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const va = a[k];
      const vb = b[k];
      const p = [...path, k];
      const show = (v: unknown) => (optionsMap && typeof v === 'string' ? redact(k, v) : v);
      if (va === undefined && vb !== undefined) out.push({ path: p, type: 'added', after: show(vb) });
      else if (va !== undefined && vb === undefined) out.push({ path: p, type: 'removed', before: show(va) });
      else if (optionsMap && typeof va === 'string' && typeof vb === 'string') {
        if (va !== vb) out.push({ path: p, type: 'changed', before: show(va), after: show(vb) });
      } else diffValue(va, vb, p, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (byName(a) && byName(b)) diffNamedArrays(a as Named[], b as Named[], path, out);
    else {
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) {
        if (i >= a.length) out.push({ path: [...path, i], type: 'added', after: b[i] });
        else if (i >= b.length) out.push({ path: [...path, i], type: 'removed', before: a[i] });
        else diffValue(a[i], b[i], [...path, i], out);
      }
    }
    return;
  }
  if (a !== b) out.push({ path, type: 'changed', before: a, after: b });
}

type Named = { name: string } & Record<string, unknown>;

function byName(list: unknown[]): boolean {
  const names = new Set<string>();
  for (const item of list) {
    if (!isObject(item) || typeof item.name !== 'string' || names.has(item.name)) return false;
    names.add(item.name);
  }
  return list.length > 0;
}

function diffNamedArrays(a: Named[], b: Named[], path: IssuePath, out: FieldChange[]): void {
  const beforeByName = new Map(a.map((item, i) => [item.name, { item, i }]));
  const afterNames = new Set(b.map((item) => item.name));
  b.forEach((item, i) => {
    const old = beforeByName.get(item.name);
    if (old === undefined) out.push({ path: [...path, i], type: 'added', after: item });
    else diffValue(old.item, item, [...path, i], out);
  });
  a.forEach((item, i) => {
    if (!afterNames.has(item.name)) out.push({ path: [...path, i], type: 'removed', before: item });
  });
  const common = (list: Named[], other: Set<string>) => list.map((x) => x.name).filter((n) => other.has(n));
  const beforeOrder = common(a, afterNames);
  const afterOrder = common(b, new Set(beforeByName.keys()));
  if (beforeOrder.join('\u0000') !== afterOrder.join('\u0000')) {
    out.push({ path, type: 'changed', before: beforeOrder, after: afterOrder });
  }
}
