/**
 * The view model of the canvas, derived from the job model (twenty's `generateWorkflowDiagram`):
 * React Flow nodes and edges from the job graph, with validation issues and run statistics folded
 * into their data. Pure: the store calls it after every change of the job, the issues or the
 * selection, and it hands back the previous objects for whatever did not change, so that memoized
 * node components do not re-render.
 */
import type { DagNode, Graph, NodeKind } from '@sluice/dag';
import { type Edge, MarkerType, type Node } from '@xyflow/react';
import type { NodeRunStatus } from '../api/types.js';
import type { EditorIssue } from './issues.js';
import { nodeDefinition } from './node-registry.js';

export interface NodeRunView {
  status: NodeRunStatus;
  recordsIn: number;
  recordsOut: number;
  durationMs: number | null;
}

export interface DagNodeData extends Record<string, unknown> {
  kind: NodeKind;
  name: string;
  summary: string;
  errors: number;
  warnings: number;
  /** The messages of the node's issues, for its tooltip and screen readers. */
  issueText: string;
  run?: NodeRunView;
}

export interface DagEdgeData extends Record<string, unknown> {
  errors: number;
  issueText: string;
  /** Records are flowing through it now (run view). */
  active: boolean;
}

export type DagFlowNode = Node<DagNodeData, NodeKind>;
export type DagFlowEdge = Edge<DagEdgeData>;

export interface FlowInputs {
  issues?: readonly Pick<EditorIssue, 'severity' | 'message' | 'nodeId' | 'edgeId'>[];
  /** Per-node run statistics by node id (run detail page). */
  run?: ReadonlyMap<string, NodeRunView>;
  /** Selected nodes (React Flow allows several: shift-click, box selection). */
  selected?: ReadonlySet<string>;
  /** The previous result: view-only state (measured size, dragging, edge selection) is carried over. */
  previous?: { nodes: readonly DagFlowNode[]; edges: readonly DagFlowEdge[] };
}

interface IssueTally {
  errors: number;
  warnings: number;
  messages: string[];
}

function tally(issues: FlowInputs['issues'], key: 'nodeId' | 'edgeId'): Map<string, IssueTally> {
  const out = new Map<string, IssueTally>();
  for (const issue of issues ?? []) {
    const id = issue[key];
    if (id === undefined || issue.severity === 'info') continue;
    const t = out.get(id) ?? { errors: 0, warnings: 0, messages: [] };
    if (issue.severity === 'error') t.errors++;
    else t.warnings++;
    t.messages.push(issue.message);
    out.set(id, t);
  }
  return out;
}

function sameRun(a: NodeRunView | undefined, b: NodeRunView | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return (
    a.status === b.status &&
    a.recordsIn === b.recordsIn &&
    a.recordsOut === b.recordsOut &&
    a.durationMs === b.durationMs
  );
}

function sameNodeData(a: DagNodeData, b: DagNodeData): boolean {
  return (
    a.kind === b.kind &&
    a.name === b.name &&
    a.summary === b.summary &&
    a.errors === b.errors &&
    a.warnings === b.warnings &&
    a.issueText === b.issueText &&
    sameRun(a.run, b.run)
  );
}

function nodeData(node: DagNode, issues: IssueTally | undefined, run: NodeRunView | undefined): DagNodeData {
  const data: DagNodeData = {
    kind: node.kind,
    name: node.name,
    summary: nodeDefinition(node.kind).summary(node),
    errors: issues?.errors ?? 0,
    warnings: issues?.warnings ?? 0,
    issueText: issues?.messages.join('\n') ?? '',
  };
  if (run !== undefined) data.run = run;
  return data;
}

/**
 * React Flow nodes and edges for a job graph.
 *
 * @example
 * const { nodes, edges } = jobToFlow(job.graph, { issues, selected: new Set(['step-2']) });
 * nodes.find((n) => n.id === 'step-2')?.selected; // true
 */
export function jobToFlow(
  graph: Graph,
  inputs: FlowInputs = {},
): { nodes: DagFlowNode[]; edges: DagFlowEdge[] } {
  const nodeIssues = tally(inputs.issues, 'nodeId');
  const edgeIssues = tally(inputs.issues, 'edgeId');
  const prevNodes = new Map(inputs.previous?.nodes.map((n) => [n.id, n]));
  const prevEdges = new Map(inputs.previous?.edges.map((e) => [e.id, e]));

  const nodes = graph.nodes.map((node): DagFlowNode => {
    const data = nodeData(node, nodeIssues.get(node.id), inputs.run?.get(node.id));
    const selected = inputs.selected?.has(node.id) ?? false;
    const prev = prevNodes.get(node.id);
    if (
      prev !== undefined &&
      prev.type === node.kind &&
      prev.position.x === node.position.x &&
      prev.position.y === node.position.y &&
      (prev.selected ?? false) === selected &&
      sameNodeData(prev.data, data)
    ) {
      return prev;
    }
    const next: DagFlowNode = {
      id: node.id,
      type: node.kind,
      position: { x: node.position.x, y: node.position.y },
      data,
      selected,
    };
    if (prev?.measured !== undefined) next.measured = prev.measured;
    if (prev?.dragging !== undefined) next.dragging = prev.dragging;
    return next;
  });

  const edges = graph.edges.map((edge): DagFlowEdge => {
    const issues = edgeIssues.get(edge.id);
    const active = inputs.run?.get(edge.target)?.status === 'running';
    const errors = issues?.errors ?? 0;
    const issueText = issues?.messages.join('\n') ?? '';
    const prev = prevEdges.get(edge.id);
    if (
      prev !== undefined &&
      prev.source === edge.source &&
      prev.target === edge.target &&
      prev.data?.errors === errors &&
      prev.data.issueText === issueText &&
      prev.data.active === active
    ) {
      return prev;
    }
    const next: DagFlowEdge = {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      data: { errors, issueText, active },
      animated: active,
      markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
      className: errors > 0 ? 'dag-edge dag-edge--error' : 'dag-edge',
      ariaLabel: `Edge from ${nameOf(graph, edge.source)} to ${nameOf(graph, edge.target)}${errors > 0 ? `: ${issueText}` : ''}`,
    };
    if (prev?.selected !== undefined) next.selected = prev.selected;
    return next;
  });

  return { nodes, edges };
}

function nameOf(graph: Graph, id: string): string {
  return graph.nodes.find((n) => n.id === id)?.name ?? id;
}
