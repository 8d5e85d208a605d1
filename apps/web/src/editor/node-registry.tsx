/**
 * The node registry: one table that drives the palette (label, hint, glyph), the node components
 * on the canvas (handles, summary line) and the inspector (which editor a node kind gets), in the
 * manner of strudel-flow's `nodeDefinitions`. Adding a kind of node means adding a row here.
 */
import {
  type DagNode,
  type Graph,
  getConnector,
  type NodeKind,
  type Position,
  type PythonNode,
  type SinkNode,
  type SourceNode,
} from '@sluice/dag';
import type { ComponentType } from 'react';
import { freshNodeId, freshNodeName } from './graph-rules.js';
import { PythonInspector } from './inspector/PythonInspector.js';
import { TableInspector } from './inspector/TableInspector.js';

export interface NodeDefinition<N extends DagNode = DagNode> {
  kind: N['kind'];
  /** Palette and node header label. */
  label: string;
  /** One sentence for the palette. */
  hint: string;
  /** SVG path (24×24 viewBox, stroked). */
  glyph: string;
  /** Has an input handle: something may flow into it. */
  inputs: boolean;
  /** Has an output handle: something may flow out of it. */
  outputs: boolean;
  /** A new node of this kind, with a fresh id and name, at `position`. */
  create: (graph: Graph, position: Position) => N;
  /** The second line of the node on the canvas. */
  summary: (node: N) => string;
  Inspector: ComponentType<{ node: N }>;
}

/** The starting code of a python step: the record contract of ARCHITECTURE.md, ready to edit. */
export const RECORD_TEMPLATE = `def process(record, ctx):
    # record is a dict. Return a dict, a list of dicts, or None to drop it.
    return record
`;

function tableSummary(node: SourceNode | SinkNode): string {
  const connector = node.config.connector;
  if (connector === '') return 'No connector chosen';
  const title = getConnector(connector)?.title ?? connector;
  const n = node.config.columns.length;
  return `${title} · ${n} column${n === 1 ? '' : 's'}`;
}

const source: NodeDefinition<SourceNode> = {
  kind: 'source',
  label: 'Source',
  hint: 'Reads a table: Kafka, MySQL, files or generated rows.',
  glyph:
    'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3Zm0 0v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  inputs: false,
  outputs: true,
  create: (graph, position) => ({
    id: freshNodeId(graph, 'source'),
    kind: 'source',
    name: freshNodeName(graph, 'source'),
    position,
    config: { connector: '', options: {}, columns: [] },
  }),
  summary: tableSummary,
  Inspector: TableInspector,
};

const python: NodeDefinition<PythonNode> = {
  kind: 'python',
  label: 'Python',
  hint: 'Transforms each record with your process(record, ctx).',
  glyph: 'M9 7 4 12l5 5M15 7l5 5-5 5',
  inputs: true,
  outputs: true,
  create: (graph, position) => ({
    id: freshNodeId(graph, 'python'),
    kind: 'python',
    name: freshNodeName(graph, 'python'),
    position,
    config: { mode: 'record', code: RECORD_TEMPLATE },
  }),
  summary: (node) => {
    const lines = node.config.code.split('\n').filter((l) => l.trim() !== '').length;
    return `${node.config.mode === 'record' ? 'Record step' : 'PyFlink fragment'} · ${lines} line${lines === 1 ? '' : 's'}`;
  },
  Inspector: PythonInspector,
};

const sink: NodeDefinition<SinkNode> = {
  kind: 'sink',
  label: 'Sink',
  hint: 'Writes the results: MySQL, Kafka, files or the run log.',
  glyph: 'M12 3v11m0 0-4-4m4 4 4-4M4 15v4a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-4',
  inputs: true,
  outputs: false,
  create: (graph, position) => ({
    id: freshNodeId(graph, 'sink'),
    kind: 'sink',
    name: freshNodeName(graph, 'sink'),
    position,
    config: { connector: '', options: {}, columns: [] },
  }),
  summary: tableSummary,
  Inspector: TableInspector,
};

export const NODE_KINDS: readonly NodeKind[] = ['source', 'python', 'sink'];

/** Looked up by a node's kind; the cast is safe because each row only ever sees its own kind. */
export const NODE_DEFINITIONS = { source, python, sink } as unknown as Record<NodeKind, NodeDefinition>;

export function nodeDefinition(kind: NodeKind): NodeDefinition {
  return NODE_DEFINITIONS[kind];
}
