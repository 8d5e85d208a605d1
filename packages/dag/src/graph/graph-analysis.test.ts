import { describe, expect, it } from 'vitest';
import { findCycles, GraphCycleError, reachable, topologicalOrder } from './graph-analysis.js';

const g = (ids: string[], edges: [string, string][]) => ({
  nodes: ids.map((id) => ({ id })),
  edges: edges.map(([source, target]) => ({ source, target })),
});

describe('topologicalOrder', () => {
  it('orders by edges and breaks ties by node order', () => {
    expect(
      topologicalOrder(
        g(
          ['sink', 'b', 'a', 'src'],
          [
            ['src', 'a'],
            ['src', 'b'],
            ['a', 'sink'],
            ['b', 'sink'],
          ],
        ),
      ),
    ).toEqual(['src', 'b', 'a', 'sink']);
  });

  it('is stable: the same graph always gives the same order', () => {
    const graph = g(['x', 'y', 'z', 'w'], [['w', 'z']]);
    expect(topologicalOrder(graph)).toEqual(['x', 'y', 'w', 'z']);
    expect(topologicalOrder(graph)).toEqual(topologicalOrder(structuredClone(graph)));
  });

  it('throws with the cycle', () => {
    try {
      topologicalOrder(
        g(
          ['a', 'b', 'c'],
          [
            ['a', 'b'],
            ['b', 'c'],
            ['c', 'b'],
          ],
        ),
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GraphCycleError);
      expect((e as GraphCycleError).cycles).toEqual([['b', 'c']]);
    }
  });

  it('handles a 100 000-node chain without deep recursion', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => [ids[i]!, id] as [string, string]);
    expect(topologicalOrder(g(ids, edges)).length).toBe(100_000);
    expect(findCycles(g(ids, [...edges, [ids.at(-1)!, ids[0]!]]))[0]?.length).toBe(100_000);
  });
});

describe('findCycles', () => {
  it('returns each cycle once, in edge order, starting from the first node', () => {
    expect(
      findCycles(
        g(
          ['a', 'b', 'c', 'd'],
          [
            ['a', 'b'],
            ['b', 'c'],
            ['c', 'a'],
            ['d', 'd'],
          ],
        ),
      ),
    ).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('finds none in a DAG', () => {
    expect(findCycles(g(['a', 'b'], [['a', 'b']]))).toEqual([]);
  });
});

describe('reachable', () => {
  it('follows edges forward and backward', () => {
    const graph = g(['a', 'b', 'c'], [['a', 'b']]);
    expect([...reachable(graph, ['a'])]).toEqual(['a', 'b']);
    expect([...reachable(graph, ['b'], true)]).toEqual(['b', 'a']);
  });
});
