import { describe, expect, it } from 'vitest';
import { exampleJobs } from '../examples/examples.js';
import type { Job } from '../model/job.schema.js';
import { diffJobs } from './diff-jobs.js';

const v1 = () => exampleJobs().kafkaPythonJdbc;
const table = (job: Job, id: string) => {
  const n = job.graph.nodes.find((x) => x.id === id);
  if (n === undefined || n.kind === 'python') throw new Error(id);
  return n;
};

describe('diffJobs', () => {
  it('finds nothing between equal versions', () => {
    const d = diffJobs(v1(), v1());
    expect(d.changeCount).toBe(0);
  });

  it('reports changed option values with their path', () => {
    const b = v1();
    table(b, 'events').config.options.topic = 'other-topic';
    const d = diffJobs(v1(), b);
    expect(d.nodes.changed).toEqual([
      {
        id: 'events',
        name: 'events',
        kind: 'source',
        changes: [
          {
            path: ['config', 'options', 'topic'],
            type: 'changed',
            before: 'sluice-events',
            after: 'other-topic',
          },
        ],
      },
    ]);
    expect(d.changeCount).toBe(1);
  });

  it('matches columns by name: an added column is one change, not a shift of all later ones', () => {
    const b = v1();
    table(b, 'store').config.columns.splice(1, 0, { kind: 'physical', name: 'tenant', type: 'STRING' });
    const changes = diffJobs(v1(), b).nodes.changed[0]?.changes;
    expect(changes).toEqual([
      {
        path: ['config', 'columns', 1],
        type: 'added',
        after: { kind: 'physical', name: 'tenant', type: 'STRING' },
      },
    ]);
  });

  it('reports reordered columns once', () => {
    const b = v1();
    const cols = table(b, 'store').config.columns;
    [cols[0], cols[1]] = [cols[1]!, cols[0]!];
    const changes = diffJobs(v1(), b).nodes.changed[0]?.changes;
    expect(changes).toEqual([
      {
        path: ['config', 'columns'],
        type: 'changed',
        before: ['event_id', 'service', 'level', 'message', 'event_time'],
        after: ['service', 'event_id', 'level', 'message', 'event_time'],
      },
    ]);
  });

  it('reports added and removed nodes and edges, and job settings', () => {
    const b = v1();
    b.graph.nodes.push({
      id: 'print',
      kind: 'sink',
      name: 'debug',
      position: { x: 0, y: 0 },
      config: { connector: 'print', options: {}, columns: [{ kind: 'physical', name: 'a', type: 'INT' }] },
    });
    b.graph.edges.push({ id: 'x', source: 'normalise', target: 'print' });
    b.graph.edges = b.graph.edges.filter((e) => e.id !== 'normalise->store');
    b.realtime!.parallelism = 4;
    const d = diffJobs(v1(), b);
    expect(d.nodes.added.map((n) => n.id)).toEqual(['print']);
    expect(d.edges.added.map((e) => e.id)).toEqual(['x']);
    expect(d.edges.removed.map((e) => e.id)).toEqual(['normalise->store']);
    expect(d.fields).toEqual([{ path: ['realtime', 'parallelism'], type: 'changed', before: 1, after: 4 }]);
  });

  it('ignores layout on request', () => {
    const b = v1();
    b.graph.nodes[0]!.position = { x: 99, y: 99 };
    expect(diffJobs(v1(), b).changeCount).toBe(2);
    expect(diffJobs(v1(), b, { ignoreLayout: true }).changeCount).toBe(0);
  });

  it('matches edges by their endpoints, not their ids', () => {
    const b = v1();
    b.graph.edges[0]!.id = 'renamed';
    expect(diffJobs(v1(), b).edges).toEqual({ added: [], removed: [] });
  });

  it('never shows literal credentials', () => {
    const a = v1();
    const b = v1();
    table(a, 'store').config.options.password = 'old-secret';
    table(b, 'store').config.options.password = 'new-secret';
    const text = JSON.stringify(diffJobs(a, b));
    expect(text).not.toContain('old-secret');
    expect(text).not.toContain('new-secret');
    expect(diffJobs(a, b).nodes.changed[0]?.changes[0]).toMatchObject({ before: '••••••', after: '••••••' });
    const c = v1();
    c.graph.nodes.push({ ...table(a, 'store'), id: 'store2', name: 'store2' });
    expect(JSON.stringify(diffJobs(v1(), c))).not.toContain('old-secret');
  });
});
