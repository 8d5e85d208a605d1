import type { RunnableJob, RunnableNode } from './runnable-job.js';

export interface PlannedNode {
  node: RunnableNode;
  parents: string[];
  children: string[];
}

export interface RunPlan {
  /** Nodes in topological order (ties kept in the job's node order, so runs are repeatable). */
  order: PlannedNode[];
  byId: Map<string, PlannedNode>;
}

/** `source 'orders'`, `python 'enrich'`, `sink 'out'`. */
export function nodeLabel(node: Pick<RunnableNode, 'kind' | 'name'>): string {
  return `${node.kind} '${node.name}'`;
}

/**
 * Orders the graph for execution and checks what the executor relies on. A job reaches the runner
 * after `@sluice/dag` validated it, so a failure here means the stored version is broken; the
 * message still names the nodes at fault.
 *
 * @example
 * planRun(job).order.map((p) => p.node.name); // ['orders', 'enrich', 'out']
 */
export function planRun(job: RunnableJob): RunPlan {
  const byId = new Map<string, PlannedNode>();
  for (const node of job.graph.nodes) {
    if (byId.has(node.id)) throw new Error(`the graph has two nodes with id '${node.id}'`);
    byId.set(node.id, { node, parents: [], children: [] });
  }
  for (const edge of job.graph.edges) {
    const from = byId.get(edge.source);
    const to = byId.get(edge.target);
    if (!from || !to) {
      throw new Error(`edge ${edge.source} -> ${edge.target} names a node that does not exist`);
    }
    if (from.node.kind === 'sink')
      throw new Error(`${nodeLabel(from.node)} has an outgoing edge; sinks end a pipeline`);
    if (to.node.kind === 'source')
      throw new Error(`${nodeLabel(to.node)} has an incoming edge; sources start a pipeline`);
    if (from.children.includes(edge.target)) continue; // a duplicate edge would send each batch twice
    from.children.push(edge.target);
    to.parents.push(edge.source);
  }
  for (const planned of byId.values()) {
    if (planned.node.kind !== 'source' && planned.parents.length === 0) {
      throw new Error(`${nodeLabel(planned.node)} has no input`);
    }
    if (planned.node.kind !== 'sink' && planned.children.length === 0) {
      throw new Error(`${nodeLabel(planned.node)} leads nowhere; connect it to a sink`);
    }
  }
  // Kahn's algorithm, taking ready nodes in the job's node order.
  const position = new Map(job.graph.nodes.map((n, i) => [n.id, i]));
  const indegree = new Map([...byId].map(([id, p]) => [id, p.parents.length]));
  const ready = job.graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: PlannedNode[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => (position.get(a) as number) - (position.get(b) as number));
    const id = ready.shift() as string;
    const planned = byId.get(id) as PlannedNode;
    order.push(planned);
    for (const child of planned.children) {
      const left = (indegree.get(child) as number) - 1;
      indegree.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  if (order.length !== byId.size) {
    const stuck = [...byId.values()].filter((p) => !order.includes(p)).map((p) => nodeLabel(p.node));
    throw new Error(`the graph has a cycle through ${stuck.join(', ')}`);
  }
  if (!order.some((p) => p.node.kind === 'source')) throw new Error('the graph has no source');
  return { order, byId };
}
