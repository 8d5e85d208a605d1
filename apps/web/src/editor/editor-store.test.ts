import { describe, expect, it } from 'vitest';
import { createEditorStore } from './editor-store.js';
import { fromValidation } from './issues.js';
import { blankJob } from './job-defaults.js';
import { demoJob } from './test-jobs.js';

describe('editor store', () => {
  it('adds a node from the registry with a fresh id and name, selects it, and marks the draft dirty', () => {
    const store = createEditorStore(blankJob());
    const a = store.getState().addNode('source');
    const b = store.getState().addNode('source');
    const s = store.getState();
    expect(a).not.toBe(b);
    expect(s.job.graph.nodes.map((n) => n.name)).toEqual(['source_1', 'source_2']);
    expect(s.selectedNodeId).toBe(b);
    expect(s.nodes.find((n) => n.id === b)?.selected).toBe(true);
    expect(s.nodes.find((n) => n.id === a)?.selected).toBe(false);
    expect(s.dirty).toBe(true);
  });

  it('places palette nodes in their kind column, below the ones already there', () => {
    const store = createEditorStore(blankJob());
    store.getState().addNode('source');
    store.getState().addNode('source');
    store.getState().addNode('sink');
    const positions = store.getState().job.graph.nodes.map((n) => n.position);
    expect(positions[0]).toEqual({ x: 0, y: 0 });
    expect(positions[1]!.x).toBe(0);
    expect(positions[1]!.y).toBeGreaterThan(0);
    expect(positions[2]!.x).toBeGreaterThan(positions[1]!.x);
  });

  it('onConnect adds an edge source -> python and refuses one into a source', () => {
    const store = createEditorStore(blankJob());
    const source = store.getState().addNode('source');
    const step = store.getState().addNode('python');
    store.getState().onConnect({ source, target: step, sourceHandle: null, targetHandle: null });
    store.getState().onConnect({ source: step, target: source, sourceHandle: null, targetHandle: null });
    const s = store.getState();
    expect(s.job.graph.edges).toEqual([{ id: `${source}->${step}`, source, target: step }]);
    expect(s.edges.map((e) => e.id)).toEqual([`${source}->${step}`]);
  });

  it('isValidConnection refuses cycles, duplicates and edges out of a sink', () => {
    const store = createEditorStore(blankJob());
    const { addNode, connect } = store.getState();
    const a = addNode('python');
    const b = addNode('python');
    const sink = addNode('sink');
    expect(connect(a, b)).toBeUndefined();
    const valid = (source: string, target: string) =>
      store.getState().isValidConnection({ source, target, sourceHandle: null, targetHandle: null });
    expect(valid(b, a)).toBe(false); // cycle
    expect(valid(a, b)).toBe(false); // duplicate
    expect(valid(sink, a)).toBe(false); // out of a sink
    expect(valid(b, sink)).toBe(true);
    expect(connect(b, a)).toMatch(/cycle/);
  });

  it('onNodesChange writes positions into the job, rounded', () => {
    const job = demoJob();
    const store = createEditorStore(job);
    const id = job.graph.nodes[0]!.id;
    store
      .getState()
      .onNodesChange([{ type: 'position', id, position: { x: 12.4, y: 99.6 }, dragging: true }]);
    const s = store.getState();
    expect(s.job.graph.nodes[0]!.position).toEqual({ x: 12, y: 100 });
    expect(s.nodes[0]!.position).toEqual({ x: 12, y: 100 });
    expect(s.dirty).toBe(true);
  });

  it('onNodesChange removes a node with its edges', () => {
    const job = demoJob();
    const store = createEditorStore(job);
    const middle = job.graph.nodes[1]!.id;
    store.getState().onNodesChange([{ type: 'remove', id: middle }]);
    const s = store.getState();
    expect(s.job.graph.nodes.map((n) => n.id)).not.toContain(middle);
    expect(s.job.graph.edges).toEqual([]);
    expect(s.nodes).toHaveLength(2);
  });

  it('onNodesChange selection drives the inspector without touching the job', () => {
    const job = demoJob();
    const store = createEditorStore(job);
    const id = job.graph.nodes[2]!.id;
    store.getState().onNodesChange([{ type: 'select', id, selected: true }]);
    expect(store.getState().selectedNodeId).toBe(id);
    expect(store.getState().job).toBe(job);
    expect(store.getState().dirty).toBe(false);
    store.getState().onNodesChange([{ type: 'select', id, selected: false }]);
    expect(store.getState().selectedNodeId).toBeNull();
  });

  it('onEdgesChange removes an edge from the job', () => {
    const job = demoJob();
    const store = createEditorStore(job);
    const edge = job.graph.edges[0]!.id;
    store.getState().onEdgesChange([{ type: 'remove', id: edge }]);
    expect(store.getState().job.graph.edges.map((e) => e.id)).not.toContain(edge);
    expect(store.getState().edges.map((e) => e.id)).not.toContain(edge);
  });

  it('drops validation results of an older revision', () => {
    const store = createEditorStore(demoJob());
    const stale = store.getState().revision;
    store.getState().updateJob((j) => ({ ...j, title: 'changed' }));
    const node = store.getState().job.graph.nodes[0]!;
    const issues = fromValidation([
      { path: ['graph', 'nodes', 0], code: 'x', message: 'm', severity: 'error', nodeId: node.id },
    ]);
    store.getState().setIssues(issues, stale);
    expect(store.getState().issues).toEqual([]);
    store.getState().setIssues(issues, store.getState().revision);
    expect(store.getState().issues).toHaveLength(1);
    expect(store.getState().nodes[0]!.data.errors).toBe(1);
  });

  it('clears server issues on the next change', () => {
    const store = createEditorStore(demoJob());
    const node = store.getState().job.graph.nodes[0]!;
    store.getState().setServerIssues([
      {
        key: 's',
        path: 'graph.nodes[0]',
        message: 'from the API',
        severity: 'error',
        origin: 'server',
        nodeId: node.id,
      },
    ]);
    expect(store.getState().nodes[0]!.data.errors).toBe(1);
    store.getState().updateNode(node.id, (n) => ({ ...n, name: 'other' }));
    expect(store.getState().serverIssues).toEqual([]);
    expect(store.getState().nodes[0]!.data.errors).toBe(0);
  });

  it('switching kind keeps the other kind’s settings for switching back', () => {
    const job = demoJob();
    const store = createEditorStore(job);
    store.getState().updateJob((j) => ({ ...j, schedule: { ...j.schedule!, cron: '7 * * * *' } }));
    store.getState().setKind('realtime');
    expect(store.getState().job.schedule).toBeUndefined();
    expect(store.getState().job.realtime?.parallelism).toBe(1);
    store.getState().setKind('scheduled');
    expect(store.getState().job.schedule?.cron).toBe('7 * * * *');
    expect(store.getState().job.realtime).toBeUndefined();
  });

  it('markSaved makes the saved job the clean draft', () => {
    const store = createEditorStore(blankJob());
    store.getState().addNode('source');
    const saved = { ...store.getState().job, name: 'saved-job' };
    store.getState().markSaved(saved, 1);
    const s = store.getState();
    expect(s.dirty).toBe(false);
    expect(s.persisted).toEqual({ name: 'saved-job', version: 1 });
    expect(s.job).toBe(saved);
  });

  it('tidyLayout puts nodes in layers from sources to sinks', () => {
    const job = demoJob();
    const shuffled = {
      ...job,
      graph: { ...job.graph, nodes: job.graph.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) },
    };
    const store = createEditorStore(shuffled);
    store.getState().tidyLayout();
    const xs = store.getState().job.graph.nodes.map((n) => n.position.x);
    expect(xs[0]).toBeLessThan(xs[1]!);
    expect(xs[1]).toBeLessThan(xs[2]!);
  });
});
