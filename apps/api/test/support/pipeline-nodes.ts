import type { JobInput } from '@sluice/dag';

/**
 * Pieces of the source -> python -> sink pipelines that the scheduled and the real-time tests post
 * to the API. Node ids and names are the ones the tests' assertions and edits refer to.
 */

export type NodeInput = JobInput['graph']['nodes'][number];

/** A record step that hands every record on unchanged. */
const PASS_THROUGH = 'def process(record, ctx):\n    return record\n';

/**
 * Source `gen` of the one BIGINT column `n` (datagen): either the sequence n = 1..rows, after
 * which the source ends (and so does a batch run), or random values at `rowsPerSecond`, unbounded.
 */
export function datagenSource(rate: { rows: number } | { rowsPerSecond: number }): NodeInput {
  const options: Record<string, string> =
    'rows' in rate
      ? {
          'number-of-rows': String(rate.rows),
          'fields.n.kind': 'sequence',
          'fields.n.start': '1',
          'fields.n.end': String(rate.rows),
        }
      : { 'rows-per-second': String(rate.rowsPerSecond), 'fields.n.kind': 'random' };
  return {
    id: 'gen',
    kind: 'source',
    name: 'gen',
    config: { connector: 'datagen', options, columns: [{ name: 'n', type: 'BIGINT' }] },
  };
}

/** A python record step, `step` unless the test names it; pass-through unless given code. */
export function recordStep(
  code = PASS_THROUGH,
  { id = 'step', name = id }: { id?: string; name?: string } = {},
): NodeInput {
  return { id, kind: 'python', name, config: { mode: 'record', code } };
}

/**
 * Sink `out` of the one BIGINT column `n`, to a connector that needs no table or topic set up:
 * `print` (rows go to the run's log) or `blackhole` (rows are dropped; real-time jobs).
 */
export function tablelessSink(connector: 'print' | 'blackhole'): NodeInput {
  return {
    id: 'out',
    kind: 'sink',
    name: 'out',
    config: { connector, options: {}, columns: [{ name: 'n', type: 'BIGINT' }] },
  };
}

/** The nodes in a line, each feeding the next. */
export function linearGraph(...nodes: NodeInput[]): JobInput['graph'] {
  return { nodes, edges: nodes.slice(1).map((node, i) => ({ source: nodes[i]!.id, target: node.id })) };
}
