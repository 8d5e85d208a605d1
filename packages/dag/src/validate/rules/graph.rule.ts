/**
 * Graph rules: unique node ids, edges between existing nodes in allowed directions, no cycles,
 * and every node on a path from a source to a sink.
 */
import { analyzeGraph } from '../../graph/graph-analysis.js';
import { listForMessage } from '../../util/text.js';
import { type EdgeEntry, type NodeEntry, nodeLabel, type RuleContext, report } from './rule-context.js';

/**
 * Checks node ids and edges, then the graph's shape; reports into `ctx.issues`.
 *
 * @example
 * checkGraph(ctx); // e.g. adds { code: 'graph.cycle', message: 'a → b → a form a cycle; ...' }
 */
export function checkGraph(ctx: RuleContext): void {
  for (const entry of ctx.nodes) {
    if (entry.id === undefined) continue;
    const first = ctx.nodesById.get(entry.id);
    if (first !== undefined && first !== entry) {
      report(
        ctx,
        'graph.duplicate-node-id',
        'error',
        [...entry.path, 'id'],
        `${nodeLabel(entry)} has the id '${entry.id}', which ${nodeLabel(first)} already uses; node ids must be unique`,
        { nodeId: entry.id },
      );
    }
  }

  const usable: EdgeEntry[] = [];
  const seenPairs = new Map<string, EdgeEntry>();
  const seenIds = new Map<string, EdgeEntry>();
  for (const entry of ctx.edges) {
    const { edge } = entry;
    const ids = { edgeId: edge.id };
    const dupId = seenIds.get(edge.id);
    if (dupId !== undefined) {
      report(
        ctx,
        'edge.duplicate-id',
        'error',
        [...entry.path, 'id'],
        `Edge id '${edge.id}' is used by two edges; edge ids must be unique`,
        ids,
      );
    } else {
      seenIds.set(edge.id, entry);
    }
    const from = ctx.nodesById.get(edge.source);
    const to = ctx.nodesById.get(edge.target);
    let ok = true;
    if (from === undefined) {
      report(
        ctx,
        'edge.unknown-node',
        'error',
        [...entry.path, 'source'],
        `Edge '${edge.id}' starts at node '${edge.source}', which does not exist`,
        ids,
      );
      ok = false;
    }
    if (to === undefined) {
      report(
        ctx,
        'edge.unknown-node',
        'error',
        [...entry.path, 'target'],
        `Edge '${edge.id}' ends at node '${edge.target}', which does not exist`,
        ids,
      );
      ok = false;
    }
    if (from === undefined || to === undefined) continue;
    const pair = `${edge.source}\u0000${edge.target}`;
    if (seenPairs.has(pair)) {
      report(
        ctx,
        'edge.duplicate',
        'error',
        entry.path,
        `${nodeLabel(from)} is connected to ${nodeLabel(to)} twice; remove the extra edge`,
        ids,
      );
      continue;
    }
    seenPairs.set(pair, entry);
    if (to.kind === 'source') {
      report(
        ctx,
        'edge.into-source',
        'error',
        [...entry.path, 'target'],
        `${nodeLabel(to)} cannot receive data: a source only produces data. Remove the edge from ${nodeLabel(from)}`,
        { edgeId: edge.id, nodeId: to.id },
      );
      ok = false;
    }
    if (from.kind === 'sink') {
      report(
        ctx,
        'edge.out-of-sink',
        'error',
        [...entry.path, 'source'],
        `${nodeLabel(from)} cannot send data on: a sink is where data ends. Remove the edge to ${nodeLabel(to)}`,
        { edgeId: edge.id, nodeId: from.id },
      );
      ok = false;
    }
    if (ok) usable.push(entry);
  }

  const nodes = ctx.nodes.filter(
    (n): n is NodeEntry & { id: string } => n.id !== undefined && ctx.nodesById.get(n.id) === n,
  );
  const graph = { nodes, edges: usable.map((e) => e.edge) };

  if (nodes.length === 0) {
    report(
      ctx,
      'graph.empty',
      'error',
      ['graph', 'nodes'],
      'The pipeline is empty: add at least one source and one sink',
    );
    return;
  }

  const sources = nodes.filter((n) => n.kind === 'source').map((n) => n.id);
  const sinks = nodes.filter((n) => n.kind === 'sink').map((n) => n.id);
  const { cycles, fromSources: fromSource, toSinks: toSink } = analyzeGraph(graph, sources, sinks);
  for (const cycle of cycles) {
    const labels = cycle.map((id) => ctx.nodesById.get(id)!).map((n) => (n.name ? n.name : n.id!));
    const first = ctx.nodesById.get(cycle[0]!)!;
    const text =
      cycle.length === 1
        ? `${nodeLabel(first)} is connected to itself`
        : `${labels.join(' → ')} → ${labels[0]} form a cycle`;
    report(
      ctx,
      'graph.cycle',
      'error',
      ['graph', 'edges'],
      `${text}; data would loop forever. Remove one of the edges between ${listForMessage(labels.map((l) => `'${l}'`))}`,
      { nodeId: first.id },
    );
  }

  if (sources.length === 0) {
    report(
      ctx,
      'graph.no-source',
      'error',
      ['graph', 'nodes'],
      'The pipeline has no source: add a source node that reads the input data',
    );
  }
  if (sinks.length === 0) {
    report(
      ctx,
      'graph.no-sink',
      'error',
      ['graph', 'nodes'],
      'The pipeline has no sink: add a sink node where the results are written',
    );
  }
  if (sources.length === 0 || sinks.length === 0) return;

  for (const n of nodes) {
    const fed = fromSource.has(n.id);
    const drains = toSink.has(n.id);
    if (fed && drains) continue;
    const ids = { nodeId: n.id };
    if (n.kind === 'source') {
      report(
        ctx,
        'graph.unconnected',
        'error',
        n.path,
        `${nodeLabel(n)} does not lead to any sink: connect it to a step or a sink`,
        ids,
      );
    } else if (n.kind === 'sink') {
      report(
        ctx,
        'graph.unconnected',
        'error',
        n.path,
        `${nodeLabel(n)} receives no data: connect a source or a step to it`,
        ids,
      );
    } else if (!fed && !drains) {
      report(
        ctx,
        'graph.unconnected',
        'error',
        n.path,
        `${nodeLabel(n)} is not on any path from a source to a sink: connect its input and output`,
        ids,
      );
    } else if (!fed) {
      report(
        ctx,
        'graph.unconnected',
        'error',
        n.path,
        `${nodeLabel(n)} receives no data: connect a source (or a step fed by one) to it`,
        ids,
      );
    } else {
      report(
        ctx,
        'graph.unconnected',
        'error',
        n.path,
        `${nodeLabel(n)} leads to no sink, so its output would be lost: connect it to a sink`,
        ids,
      );
    }
  }
}
