import { describe, expect, it } from 'vitest';
import { connectionProblem, freshNodeName, layoutGraph, upstreamColumns } from './graph-rules.js';
import { demoJob } from './test-jobs.js';

describe('connectionProblem', () => {
  const { graph } = demoJob();
  const [source, step, sink] = graph.nodes.map((n) => n.id) as [string, string, string];

  it('allows source -> sink and python -> sink that do not exist yet', () => {
    expect(connectionProblem(graph, source, sink)).toBeUndefined();
  });

  it('explains why an edge is refused', () => {
    expect(connectionProblem(graph, sink, step)).toMatch(/sink is the end/);
    expect(connectionProblem(graph, step, source)).toMatch(/source reads from outside/);
    expect(connectionProblem(graph, source, step)).toMatch(/already connected/);
    expect(connectionProblem(graph, step, step)).toMatch(/itself/);
    expect(connectionProblem(graph, 'nope', step)).toMatch(/nodes of this pipeline/);
  });

  it('refuses an edge that closes a cycle, naming both nodes', () => {
    const g = {
      nodes: [...graph.nodes, { ...graph.nodes[1]!, id: 'p2', name: 'second' }],
      edges: [...graph.edges, { id: 'x', source: step, target: 'p2' }],
    };
    expect(connectionProblem(g, 'p2', step)).toBe(
      `Connecting 'second' to '${graph.nodes[1]!.name}' would make a cycle`,
    );
  });
});

describe('freshNodeName', () => {
  it('skips names taken in any case', () => {
    const { graph } = demoJob();
    const g = { ...graph, nodes: [...graph.nodes, { ...graph.nodes[1]!, id: 'z', name: 'STEP_1' }] };
    expect(freshNodeName(g, 'python')).toBe('step_2');
  });
});

describe('layoutGraph', () => {
  it('gives each node the layer of its longest path from a source', () => {
    const { graph } = demoJob();
    const [source, step, sink] = graph.nodes.map((n) => n.id) as [string, string, string];
    const g = { ...graph, edges: [...graph.edges, { id: 'direct', source, target: sink }] };
    const positions = layoutGraph(g);
    expect(positions.get(source)?.x).toBe(0);
    expect(positions.get(step)?.x).toBe(320);
    expect(positions.get(sink)?.x).toBe(640);
  });

  it('leaves a graph with a cycle alone', () => {
    const { graph } = demoJob();
    const [, step] = graph.nodes.map((n) => n.id) as [string, string];
    const g = { ...graph, edges: [...graph.edges, { id: 'loop', source: step, target: step }] };
    expect(layoutGraph(g).size).toBe(0);
  });
});

describe('upstreamColumns', () => {
  it('finds the physical columns of the nearest table upstream, through python steps', () => {
    const { graph } = demoJob();
    const sink = graph.nodes[2]!.id;
    expect(upstreamColumns(graph, sink).map((c) => c.name)).toEqual(['sensor_id', 'temperature']);
  });

  it('is empty for a node with nothing upstream', () => {
    const { graph } = demoJob();
    expect(upstreamColumns(graph, graph.nodes[0]!.id)).toEqual([]);
  });
});
