import { type NodeKind } from '@sluice/dag';
import { Background, Controls, MiniMap, Panel, ReactFlow, useConnection, useReactFlow } from '@xyflow/react';
import type { DragEvent } from 'react';
import { NODE_TYPES } from './DagNodeView.js';
import { useEditor, useEditorStore } from './editor-context.js';
import { connectionProblem } from './graph-rules.js';
import type { DagFlowEdge, DagFlowNode } from './job-to-flow.js';
import { NODE_KINDS } from './node-registry.js';
import { PALETTE_DND_TYPE } from './Palette.js';

const DELETE_KEYS = ['Backspace', 'Delete'];

/** While an edge is drawn over a node it may not go to, says why (the line also turns red). */
function ConnectionHint() {
  const graph = useEditor((s) => s.job.graph);
  const connection = useConnection();
  if (!connection.inProgress || connection.isValid !== false || !connection.toNode) return null;
  const fromIsSource = connection.fromHandle.type === 'source';
  const source = fromIsSource ? connection.fromNode.id : connection.toNode.id;
  const target = fromIsSource ? connection.toNode.id : connection.fromNode.id;
  const problem = connectionProblem(graph, source, target) ?? 'This connection is not allowed';
  return (
    <Panel position="top-center" className="connection-hint" data-testid="connection-hint">
      {problem}
    </Panel>
  );
}

function nodeColor(node: DagFlowNode): string {
  return `var(--kind-${node.data.kind})`;
}

/** The editable canvas: React Flow wired straight to the editor store's actions. */
export function EditorCanvas() {
  const store = useEditorStore();
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const empty = nodes.length === 0;
  const { screenToFlowPosition, fitView } = useReactFlow();
  const s = store.getState();

  const onDragOver = (event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_DND_TYPE)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  };
  const onDrop = (event: DragEvent) => {
    const kind = event.dataTransfer.getData(PALETTE_DND_TYPE) as NodeKind;
    if (!NODE_KINDS.includes(kind)) return;
    event.preventDefault();
    const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    // The pointer holds the node near its top-left corner, where the palette item was grabbed.
    store.getState().addNode(kind, { x: at.x - 40, y: at.y - 20 });
  };

  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlow<DagFlowNode, DagFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={s.onNodesChange}
        onEdgesChange={s.onEdgesChange}
        onConnect={s.onConnect}
        isValidConnection={s.isValidConnection}
        onPaneClick={() => store.getState().selectNode(null)}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={DELETE_KEYS}
        fitView
        fitViewOptions={{ padding: 0.12, maxZoom: 1 }}
        minZoom={0.2}
        maxZoom={2}
        snapToGrid
        snapGrid={[10, 10]}
        connectionRadius={30}
        proOptions={{ hideAttribution: true }}
        colorMode="system"
        aria-label="Pipeline canvas"
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
        {!empty && (
          <MiniMap<DagFlowNode>
            pannable
            zoomable
            nodeColor={nodeColor}
            ariaLabel="Overview of the pipeline"
            style={{ width: 150, height: 100 }}
          />
        )}
        <ConnectionHint />
        {!empty && (
          <Panel position="top-right">
            <button
              type="button"
              className="button button--small"
              title="Arrange the nodes in layers, from sources on the left to sinks on the right"
              onClick={() => {
                store.getState().tidyLayout();
                requestAnimationFrame(() => void fitView({ padding: 0.12, maxZoom: 1 }));
              }}
              data-testid="tidy-layout"
            >
              Tidy layout
            </button>
          </Panel>
        )}
        {empty && (
          <Panel position="top-left" className="canvas__empty">
            Start with a <strong>source</strong>: click it in the palette, or drag it here. Then add a python
            step and a sink, and connect them from right to left handles.
          </Panel>
        )}
      </ReactFlow>
    </div>
  );
}
