/**
 * Graph algorithms over node ids: cycles (Tarjan's strongly connected components, iterative so a
 * long chain cannot overflow the stack), a stable topological order, and reachability.
 * All run in O(V + E) (the order in O((V + E) log V)) so that validation stays linear.
 */

export interface GraphLike {
  nodes: readonly { id: string }[];
  edges: readonly { source: string; target: string }[];
}

interface Indexed {
  ids: string[];
  index: Map<string, number>;
  out: number[][];
  inn: number[][];
}

function indexGraph(graph: GraphLike): Indexed {
  const ids: string[] = [];
  const index = new Map<string, number>();
  for (const n of graph.nodes) {
    if (index.has(n.id)) continue;
    index.set(n.id, ids.length);
    ids.push(n.id);
  }
  const out: number[][] = ids.map(() => []);
  const inn: number[][] = ids.map(() => []);
  for (const e of graph.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined) continue;
    out[s]!.push(t);
    inn[t]!.push(s);
  }
  return { ids, index, out, inn };
}

/**
 * Every cycle's nodes, one cycle per strongly connected component, in edge order starting from
 * the component's first node (by position in `nodes`). A self-loop is a cycle of one node.
 *
 * @example
 * findCycles({ nodes: [{ id: 'a' }, { id: 'b' }], edges: [{ source: 'a', target: 'b' }, { source: 'b', target: 'a' }] });
 * // [['a', 'b']]
 */
export function findCycles(graph: GraphLike): string[][] {
  return cyclesOf(indexGraph(graph));
}

function cyclesOf(g: Indexed): string[][] {
  const n = g.ids.length;
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    // Explicit DFS stack of [node, next edge index].
    const work: [number, number][] = [[root, 0]];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, ei] = frame;
      const edges = g.out[v]!;
      if (ei < edges.length) {
        frame[1]++;
        const w = edges[ei]!;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, order[w]!);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] === order[v]) {
        const comp: number[] = [];
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = false;
          comp.push(w);
          if (w === v) break;
        }
        const selfLoop = comp.length === 1 && g.out[v]!.includes(v);
        if (comp.length > 1 || selfLoop) components.push(comp);
      }
    }
  }
  return components
    .map((comp) => cycleThrough(g, comp))
    .sort((a, b) => g.index.get(a[0]!)! - g.index.get(b[0]!)!);
}

/** A shortest cycle through the component's first node, found by BFS inside the component. */
function cycleThrough(g: Indexed, comp: number[]): string[] {
  const inComp = new Set(comp);
  const start = Math.min(...comp);
  const prev = new Map<number, number>();
  const queue = [start];
  let last = -1;
  for (let qi = 0; qi < queue.length && last < 0; qi++) {
    const v = queue[qi]!;
    for (const w of g.out[v]!) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        last = v;
        break;
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  const path: number[] = [];
  for (let v = last; v !== start && v !== -1; v = prev.get(v) ?? -1) path.push(v);
  path.push(start);
  return path.reverse().map((i) => g.ids[i]!);
}

/** Thrown by {@link topologicalOrder} when the graph has a cycle. */
export class GraphCycleError extends Error {
  constructor(readonly cycles: string[][]) {
    super(`The graph has a cycle: ${cycles[0]?.join(' -> ')} -> ${cycles[0]?.[0]}`);
    this.name = 'GraphCycleError';
  }
}

/**
 * Node ids in topological order. Among nodes that are ready at the same time, the one that comes
 * first in `nodes` goes first, so the order is stable and deterministic: the author's order
 * decides ties (this is how python fragments without edges between them keep their order).
 * Throws {@link GraphCycleError} for a cyclic graph.
 *
 * @example
 * topologicalOrder({ nodes: [{ id: 'sink' }, { id: 'src' }], edges: [{ source: 'src', target: 'sink' }] });
 * // ['src', 'sink']
 */
export function topologicalOrder(graph: GraphLike): string[] {
  const g = indexGraph(graph);
  const n = g.ids.length;
  const indegree = g.inn.map((list) => list.length);
  const heap = new MinHeap();
  for (let i = 0; i < n; i++) if (indegree[i] === 0) heap.push(i);
  const order: string[] = [];
  while (heap.size > 0) {
    const v = heap.pop();
    order.push(g.ids[v]!);
    for (const w of g.out[v]!) {
      indegree[w]!--;
      if (indegree[w] === 0) heap.push(w);
    }
  }
  if (order.length < n) throw new GraphCycleError(findCycles(graph));
  return order;
}

/**
 * Ids reachable from `starts` following edges forward (or backward with `reverse`), starts included.
 *
 * @example
 * reachable({ nodes: [{ id: 'a' }, { id: 'b' }], edges: [{ source: 'a', target: 'b' }] }, ['a']); // Set {'a', 'b'}
 */
export function reachable(graph: GraphLike, starts: Iterable<string>, reverse = false): Set<string> {
  return reachableIn(indexGraph(graph), starts, reverse);
}

function reachableIn(g: Indexed, starts: Iterable<string>, reverse: boolean): Set<string> {
  const adj = reverse ? g.inn : g.out;
  const seen = new Uint8Array(g.ids.length);
  const queue: number[] = [];
  for (const id of starts) {
    const i = g.index.get(id);
    if (i !== undefined && seen[i] === 0) {
      seen[i] = 1;
      queue.push(i);
    }
  }
  for (let qi = 0; qi < queue.length; qi++) {
    for (const w of adj[queue[qi]!]!) {
      if (seen[w] === 0) {
        seen[w] = 1;
        queue.push(w);
      }
    }
  }
  const out = new Set<string>();
  for (const i of queue) out.add(g.ids[i]!);
  return out;
}

/**
 * What validation needs from a graph, computed over one index: the cycles, the nodes reachable
 * from `sources` and the nodes that reach `sinks`.
 *
 * @example
 * analyzeGraph(graph, ['src'], ['out']).cycles; // []
 */
export function analyzeGraph(
  graph: GraphLike,
  sources: Iterable<string>,
  sinks: Iterable<string>,
): { cycles: string[][]; fromSources: Set<string>; toSinks: Set<string> } {
  const g = indexGraph(graph);
  return {
    cycles: cyclesOf(g),
    fromSources: reachableIn(g, sources, false),
    toSinks: reachableIn(g, sinks, true),
  };
}

class MinHeap {
  private items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(v: number): void {
    const a = this.items;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= a[i]!) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
