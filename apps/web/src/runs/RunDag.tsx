import type { Graph } from '@sluice/dag';
import { Background, Controls, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { useMemo } from 'react';
import type { NodeRun } from '../api/types.js';
import { NODE_TYPES } from '../editor/DagNodeView.js';
import { type DagFlowEdge, type DagFlowNode, jobToFlow, type NodeRunView } from '../editor/job-to-flow.js';

/**
 * The DAG of the version a run ran, each node coloured by its status with its record counts:
 * the editor's node components, read-only.
 */
export function RunDag({ graph, nodes }: { graph: Graph; nodes: readonly NodeRun[] }) {
  const flow = useMemo(() => {
    const run = new Map<string, NodeRunView>(
      nodes.map((n) => [
        n.nodeId,
        { status: n.status, recordsIn: n.recordsIn, recordsOut: n.recordsOut, durationMs: n.durationMs },
      ]),
    );
    return jobToFlow(graph, { run });
  }, [graph, nodes]);
  return (
    <div className="run-dag" data-testid="run-dag">
      <ReactFlowProvider>
        <ReactFlow<DagFlowNode, DagFlowEdge>
          nodes={flow.nodes}
          edges={flow.edges}
          nodeTypes={NODE_TYPES}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          deleteKeyCode={null}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
          minZoom={0.2}
          proOptions={{ hideAttribution: true }}
          colorMode="system"
          aria-label="Pipeline of this run"
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
