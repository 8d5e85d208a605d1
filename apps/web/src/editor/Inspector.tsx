import { useEditor } from './editor-context.js';
import { JobSettings } from './inspector/JobSettings.js';
import { NodeInspector } from './inspector/NodeInspector.js';

/** The right-hand panel: the selected node's editor, or the job settings when nothing is selected. */
export function Inspector() {
  const node = useEditor((s) =>
    s.selectedNodeId === null ? undefined : s.job.graph.nodes.find((n) => n.id === s.selectedNodeId),
  );
  const hasSelection = node !== undefined;
  return (
    <aside
      className="inspector"
      aria-label={hasSelection ? 'Node inspector' : 'Job settings'}
      data-testid="inspector"
    >
      {node ? <NodeInspector key={node.id} node={node} /> : <JobSettings />}
    </aside>
  );
}
