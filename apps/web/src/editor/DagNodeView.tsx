import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
// Loaded with the canvas pages (editor, run), not with the lists.
import '@xyflow/react/dist/style.css';
import { formatCount } from '../lib/format.js';
import type { DagFlowNode } from './job-to-flow.js';
import { nodeDefinition } from './node-registry.js';

const RUN_LABEL = {
  pending: 'Pending',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
} as const;

/**
 * One node on the canvas, for every kind: the registry row of its kind says which handles it has
 * and how it is labelled. Declared at module level and memoized (React Flow's performance guide);
 * its data holds only plain values derived from the job.
 */
export const DagNodeView = memo(function DagNodeView({
  id,
  data,
  selected,
  isConnectable,
}: NodeProps<DagFlowNode>) {
  const def = nodeDefinition(data.kind);
  const run = data.run;
  const classes = ['dag-node', `dag-node--${data.kind}`];
  if (data.errors > 0) classes.push('dag-node--error');
  else if (data.warnings > 0) classes.push('dag-node--warning');
  if (run) classes.push(`dag-node--run-${run.status}`);
  if (selected) classes.push('dag-node--selected');
  const problems =
    data.errors > 0
      ? `${data.errors} error${data.errors === 1 ? '' : 's'}`
      : data.warnings > 0
        ? `${data.warnings} warning${data.warnings === 1 ? '' : 's'}`
        : undefined;

  return (
    <div
      className={classes.join(' ')}
      data-testid="dag-node"
      data-node-id={id}
      data-kind={data.kind}
      data-errors={data.errors}
      data-warnings={data.warnings}
      data-run-status={run?.status}
      title={data.issueText || undefined}
    >
      {def.inputs && (
        <Handle
          type="target"
          position={Position.Left}
          className="dag-handle dag-handle--in"
          isConnectable={isConnectable}
          aria-label={`Input of ${data.name}`}
        />
      )}
      <div className="dag-node__header">
        <svg className={`kind-glyph kind-glyph--${data.kind}`} viewBox="0 0 24 24" aria-hidden="true">
          <path d={def.glyph} />
        </svg>
        <span className="dag-node__kind">{def.label}</span>
        {problems && (
          <span className="dag-node__issues" data-testid="node-issues" title={data.issueText}>
            <span aria-hidden="true">{data.errors > 0 ? '■' : '▲'}</span> {problems}
          </span>
        )}
      </div>
      <div className="dag-node__name">{data.name || '(unnamed)'}</div>
      <div className="dag-node__summary">{data.summary}</div>
      {run && (
        <div className="dag-node__run" data-testid="node-run">
          <span className={`dag-node__run-status dag-node__run-status--${run.status}`}>
            {RUN_LABEL[run.status]}
          </span>
          <span className="dag-node__counts">
            {data.kind !== 'source' && (
              <span data-testid="node-records-in" title="records in">
                in {formatCount(run.recordsIn)}
              </span>
            )}
            {data.kind !== 'sink' ? (
              <span data-testid="node-records-out" title="records out">
                out {formatCount(run.recordsOut)}
              </span>
            ) : (
              <span data-testid="node-records-out" title="records written">
                wrote {formatCount(run.recordsOut)}
              </span>
            )}
          </span>
        </div>
      )}
      {def.outputs && (
        <Handle
          type="source"
          position={Position.Right}
          className="dag-handle dag-handle--out"
          isConnectable={isConnectable}
          aria-label={`Output of ${data.name}`}
        />
      )}
    </div>
  );
});

/** React Flow node types: one component, every kind (see the registry). */
export const NODE_TYPES = { source: DagNodeView, python: DagNodeView, sink: DagNodeView };
