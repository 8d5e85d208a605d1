import { describe, expect, it } from 'vitest';
import { jobToFlow } from './job-to-flow.js';
import { demoJob } from './test-jobs.js';

describe('jobToFlow', () => {
  it('makes one node per job node, typed by kind, at the job position', () => {
    const job = demoJob();
    const { nodes, edges } = jobToFlow(job.graph);
    expect(nodes.map((n) => [n.id, n.type, n.position])).toEqual(
      job.graph.nodes.map((n) => [n.id, n.kind, n.position]),
    );
    expect(edges.map((e) => [e.source, e.target])).toEqual(job.graph.edges.map((e) => [e.source, e.target]));
  });

  it('summarises each node from the registry (connector title, column count, python mode)', () => {
    const { nodes } = jobToFlow(demoJob().graph);
    const byKind = Object.fromEntries(nodes.map((n) => [n.data.kind, n.data.summary]));
    expect(byKind.source).toBe('Data generator · 2 columns');
    expect(byKind.python).toMatch(/^Record step · \d+ lines$/);
    expect(byKind.sink).toBe('Print · 3 columns');
  });

  it('counts errors and warnings per node and per edge, ignoring infos', () => {
    const job = demoJob();
    const source = job.graph.nodes[0]!.id;
    const edge = job.graph.edges[0]!.id;
    const { nodes, edges } = jobToFlow(job.graph, {
      issues: [
        { severity: 'error', message: 'a', nodeId: source },
        { severity: 'warning', message: 'b', nodeId: source },
        { severity: 'info', message: 'c', nodeId: source },
        { severity: 'error', message: 'd', edgeId: edge },
      ],
    });
    const node = nodes.find((n) => n.id === source)!;
    expect(node.data).toMatchObject({ errors: 1, warnings: 1, issueText: 'a\nb' });
    expect(edges[0]!.data).toMatchObject({ errors: 1, issueText: 'd' });
    expect(edges[0]!.className).toContain('dag-edge--error');
    expect(nodes.filter((n) => n.id !== source).every((n) => n.data.errors === 0)).toBe(true);
  });

  it('folds run statistics into node data and animates edges into running nodes', () => {
    const job = demoJob();
    const [source, step] = job.graph.nodes;
    const run = new Map([
      [source!.id, { status: 'succeeded' as const, recordsIn: 0, recordsOut: 100, durationMs: 5 }],
      [step!.id, { status: 'running' as const, recordsIn: 40, recordsOut: 39, durationMs: null }],
    ]);
    const { nodes, edges } = jobToFlow(job.graph, { run });
    expect(nodes[0]!.data.run).toEqual(run.get(source!.id));
    expect(nodes[2]!.data.run).toBeUndefined();
    expect(edges.find((e) => e.target === step!.id)?.animated).toBe(true);
    expect(edges.find((e) => e.source === step!.id)?.animated).toBe(false);
  });

  it('hands back the previous objects for nodes and edges that did not change', () => {
    const job = demoJob();
    const first = jobToFlow(job.graph);
    const renamed = {
      ...job.graph,
      nodes: job.graph.nodes.map((n, i) => (i === 1 ? { ...n, name: 'renamed' } : n)),
    };
    const second = jobToFlow(renamed, { previous: first });
    expect(second.nodes[0]).toBe(first.nodes[0]);
    expect(second.nodes[1]).not.toBe(first.nodes[1]);
    expect(second.nodes[1]!.data.name).toBe('renamed');
    expect(second.nodes[2]).toBe(first.nodes[2]);
    expect(second.edges[0]).toBe(first.edges[0]);
  });

  it('keeps measured sizes of the previous view when a node changes', () => {
    const job = demoJob();
    const first = jobToFlow(job.graph);
    const measured = { width: 220, height: 70 };
    const withSize = { nodes: first.nodes.map((n) => ({ ...n, measured })), edges: first.edges };
    const moved = {
      ...job.graph,
      nodes: job.graph.nodes.map((n) => ({ ...n, position: { x: n.position.x + 10, y: 5 } })),
    };
    const second = jobToFlow(moved, { previous: withSize });
    expect(second.nodes.every((n) => n.measured === measured)).toBe(true);
    expect(second.nodes[0]!.position).toEqual({ x: job.graph.nodes[0]!.position.x + 10, y: 5 });
  });

  it('marks the selected nodes', () => {
    const job = demoJob();
    const id = job.graph.nodes[1]!.id;
    const { nodes } = jobToFlow(job.graph, { selected: new Set([id]) });
    expect(nodes.filter((n) => n.selected).map((n) => n.id)).toEqual([id]);
  });
});
