import { GraphCycleError, topologicalOrder } from '@sluice/dag';
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
 * A run starts every python step's process at once (records stream through all of them): a job
 * with thousands of steps would fork thousands of processes. Far above any real pipeline.
 */
export const MAX_PYTHON_STEPS_PER_RUN = 64;

/**
 * Orders the graph for execution and checks what the executor relies on. A job reaches the runner
 * after `@sluice/dag` validated it, so a failure here means the stored version is broken; the
 * message still names the nodes at fault.
 *
 * @example
 * planRun(job).order.map((p) => p.node.name); // ['orders', 'enrich', 'out']
 */
export function planRun(job: RunnableJob): RunPlan {
  const pythonSteps = job.graph.nodes.filter((n) => n.kind === 'python').length;
  if (pythonSteps > MAX_PYTHON_STEPS_PER_RUN) {
    throw new Error(
      `the job has ${pythonSteps} python steps; a run starts one Python process per step, at most ${MAX_PYTHON_STEPS_PER_RUN}: merge steps that belong together`,
    );
  }
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
  // `@sluice/dag`'s order: ties go to the node listed first, so runs are repeatable.
  let ids: string[];
  try {
    ids = topologicalOrder(job.graph);
  } catch (err) {
    if (!(err instanceof GraphCycleError)) throw err;
    const cycle = (err.cycles[0] ?? []).map((id) => nodeLabel((byId.get(id) as PlannedNode).node));
    throw new Error(`the graph has a cycle through ${cycle.join(' -> ')}`);
  }
  const order = ids.map((id) => byId.get(id) as PlannedNode);
  if (!order.some((p) => p.node.kind === 'source')) throw new Error('the graph has no source');
  return { order, byId };
}
