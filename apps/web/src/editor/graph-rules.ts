/**
 * Rules of the canvas that are about the graph alone: which connections may be drawn, fresh ids and
 * names, where a new node goes, and a tidy left-to-right layout. Pure functions over the job graph.
 */
import {
  type Column,
  type DagNode,
  type Graph,
  LIMITS,
  type NodeKind,
  type Position,
  reachable,
  topologicalOrder,
} from '@sluice/dag';

/** Horizontal distance between layers, and vertical distance between nodes of one layer. */
export const LAYER_GAP = 320;
export const ROW_GAP = 150;

const COLUMN_OF: Record<NodeKind, number> = { source: 0, python: 1, sink: 2 };

/**
 * Why a connection from `sourceId` to `targetId` is refused, or undefined when it is allowed.
 * The same rules as `validateDag` (edges only out of sources and python steps, only into python
 * steps and sinks, no cycles), checked while the user draws so a bad edge never exists.
 *
 * @example
 * connectionProblem(graph, 'print', 'step'); // 'A sink is the end of the pipeline: nothing flows out of it'
 */
export function connectionProblem(graph: Graph, sourceId: string, targetId: string): string | undefined {
  const source = graph.nodes.find((n) => n.id === sourceId);
  const target = graph.nodes.find((n) => n.id === targetId);
  if (!source || !target) return 'Both ends must be nodes of this pipeline';
  if (sourceId === targetId) return 'A node cannot feed itself';
  if (source.kind === 'sink') return 'A sink is the end of the pipeline: nothing flows out of it';
  if (target.kind === 'source') return 'A source reads from outside: nothing flows into it';
  if (graph.edges.some((e) => e.source === sourceId && e.target === targetId)) {
    return `'${source.name}' is already connected to '${target.name}'`;
  }
  if (reachable(graph, [targetId]).has(sourceId)) {
    return `Connecting '${source.name}' to '${target.name}' would make a cycle`;
  }
  return undefined;
}

const PREFIX: Record<NodeKind, string> = { source: 'source', python: 'step', sink: 'sink' };

/** `source-3`: an id no node of the graph has. */
export function freshNodeId(graph: Graph, kind: NodeKind): string {
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (let i = graph.nodes.length + 1; ; i++) {
    const id = `${kind}-${i}`;
    if (!ids.has(id)) return id;
  }
}

/** `step_2`: a valid identifier no node has (names are compared ignoring case, as Flink does). */
export function freshNodeName(graph: Graph, kind: NodeKind): string {
  const names = new Set(graph.nodes.map((n) => n.name.toLowerCase()));
  for (let i = 1; ; i++) {
    const name = `${PREFIX[kind]}_${i}`;
    if (!names.has(name)) return name;
  }
}

/**
 * Where a node added from the palette goes: in its kind's column (sources left, python in the
 * middle, sinks right), below the lowest node already there.
 */
export function nextNodePosition(graph: Graph, kind: NodeKind): Position {
  const x = COLUMN_OF[kind] * LAYER_GAP;
  const inColumn = graph.nodes.filter((n) => Math.abs(n.position.x - x) < LAYER_GAP / 2);
  if (inColumn.length === 0) return { x, y: 0 };
  return { x, y: Math.max(...inColumn.map((n) => n.position.y)) + ROW_GAP };
}

/**
 * Left-to-right layers: a node's layer is the longest path from a source to it; nodes of a layer
 * keep the graph's order. Nodes on a cycle (which validation reports) stay where they are.
 */
export function layoutGraph(graph: Graph): Map<string, Position> {
  const out = new Map<string, Position>();
  let order: string[];
  try {
    order = topologicalOrder(graph);
  } catch {
    return out;
  }
  const layer = new Map<string, number>();
  const incoming = new Map<string, string[]>();
  for (const e of graph.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  for (const id of order) {
    const parents = incoming.get(id) ?? [];
    layer.set(id, parents.length === 0 ? 0 : Math.max(...parents.map((p) => (layer.get(p) ?? 0) + 1)));
  }
  const rows = new Map<number, number>();
  for (const id of order) {
    const l = layer.get(id) ?? 0;
    const row = rows.get(l) ?? 0;
    rows.set(l, row + 1);
    out.set(id, { x: l * LAYER_GAP, y: row * ROW_GAP });
  }
  return out;
}

/**
 * The physical columns of the nearest table upstream of a node (breadth first against the edges),
 * so that a sink can start with the columns its records carry. Empty when there is none.
 */
export function upstreamColumns(graph: Graph, nodeId: string): Column[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const seen = new Set([nodeId]);
  let frontier = [nodeId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of graph.edges) {
        if (e.target !== id || seen.has(e.source)) continue;
        seen.add(e.source);
        const node = byId.get(e.source);
        if (node && node.kind !== 'python') {
          return node.config.columns.filter((c) => c.kind === 'physical').map((c) => ({ ...c }));
        }
        next.push(e.source);
      }
    }
    frontier = next;
  }
  return [];
}

/** The nodes a node may still be connected to, in either direction, for the keyboard "Connect" control. */
export function connectableTargets(graph: Graph, nodeId: string): DagNode[] {
  return graph.nodes.filter((n) => connectionProblem(graph, nodeId, n.id) === undefined);
}

/** Clamp for names typed in the inspector (the schema refuses longer ones anyway). */
export const MAX_NAME = LIMITS.nameChars;
