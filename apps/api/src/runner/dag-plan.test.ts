import { describe, expect, it } from 'vitest';
import { planRun } from './dag-plan.js';
import type { RunnableJob, RunnableNode } from './runnable-job.js';

const node = (id: string, kind: RunnableNode['kind']): RunnableNode => ({
  id,
  kind,
  name: id,
  config: kind === 'python' ? { mode: 'record', code: '' } : { connector: 'print', options: {}, columns: [] },
});
const jobOf = (nodes: RunnableNode[], edges: string[]): RunnableJob => ({
  name: 'j',
  environment: 'default',
  graph: {
    nodes,
    edges: edges.map((e) => {
      const [source, target] = e.split('->') as [string, string];
      return { source, target };
    }),
  },
});

describe('planRun', () => {
  it('orders nodes topologically, keeping the job order between independent nodes', () => {
    const plan = planRun(
      jobOf(
        [
          node('out', 'sink'),
          node('b', 'python'),
          node('src2', 'source'),
          node('a', 'python'),
          node('src', 'source'),
        ],
        ['src->a', 'a->b', 'src2->b', 'b->out'],
      ),
    );
    expect(plan.order.map((p) => p.node.id)).toEqual(['src2', 'src', 'a', 'b', 'out']);
    expect(plan.byId.get('b')?.parents).toEqual(['a', 'src2']);
  });

  it('ignores a duplicate edge instead of sending batches twice', () => {
    const plan = planRun(jobOf([node('s', 'source'), node('o', 'sink')], ['s->o', 's->o']));
    expect(plan.byId.get('s')?.children).toEqual(['o']);
  });

  it('explains graphs it cannot run', () => {
    expect(() =>
      planRun(
        jobOf(
          [node('s', 'source'), node('a', 'python'), node('b', 'python'), node('o', 'sink')],
          ['s->a', 'a->b', 'b->a', 'b->o'],
        ),
      ),
    ).toThrow("the graph has a cycle through python 'a' -> python 'b'");
    expect(() => planRun(jobOf([node('s', 'source'), node('o', 'sink')], ['o->s']))).toThrow(
      "sink 'o' has an outgoing edge",
    );
    expect(() => planRun(jobOf([node('s', 'source'), node('a', 'python')], ['s->a']))).toThrow(
      "python 'a' leads nowhere",
    );
    expect(() => planRun(jobOf([node('s', 'source'), node('o', 'sink')], ['s->x']))).toThrow(
      'edge s -> x names a node that does not exist',
    );
  });

  it('refuses a job with more python steps than a run may start processes for', () => {
    const steps = Array.from({ length: 65 }, (_, i) => node(`p${i}`, 'python'));
    const chain = ['src', ...steps.map((s) => s.id), 'out'];
    const edges = chain.slice(1).map((id, i) => `${chain[i]}->${id}`);
    expect(() => planRun(jobOf([node('src', 'source'), ...steps, node('out', 'sink')], edges))).toThrow(
      'the job has 65 python steps; a run starts one Python process per step, at most 64: merge steps that belong together',
    );
  });
});
