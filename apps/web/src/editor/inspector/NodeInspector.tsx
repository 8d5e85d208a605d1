import { type DagNode, NODE_NAME_PATTERN, suggestIdentifier } from '@sluice/dag';
import { useMemo } from 'react';
import { Field, FieldMessages } from '../../ui/Field.js';
import { useEditor, useEditorStore } from '../editor-context.js';
import { connectableTargets, MAX_NAME } from '../graph-rules.js';
import { nodeLevelIssues } from '../issues.js';
import { nodeDefinition } from '../node-registry.js';
import { useFieldIssues } from './use-field-issues.js';

/** Paths below a node that some field of the inspector shows; other node issues are listed on top. */
const FIELD_PATHS = [
  ['name'],
  ['config', 'connector'],
  ['config', 'options'],
  ['config', 'columns'],
  ['config', 'primaryKey'],
  ['config', 'watermark'],
  ['config', 'code'],
  ['config', 'mode'],
];

/** The inspector of one node: its name, the editor its kind has in the registry, and its connections. */
export function NodeInspector({ node }: { node: DagNode }) {
  const store = useEditorStore();
  const graph = useEditor((s) => s.job.graph);
  const { issues, messagesAt, keyOf } = useFieldIssues(node.id);
  const def = nodeDefinition(node.kind);
  const Inspector = def.Inspector;
  const general = nodeLevelIssues(issues, node.id, FIELD_PATHS).map((i) => ({
    key: i.key,
    message: i.message,
    severity: i.severity,
  }));
  const byId = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n])), [graph.nodes]);
  const incoming = graph.edges.filter((e) => e.target === node.id);
  const outgoing = graph.edges.filter((e) => e.source === node.id);
  const targets = def.outputs ? connectableTargets(graph, node.id) : [];
  const nameOk = NODE_NAME_PATTERN.test(node.name);
  const suggestion = nameOk || node.name === '' ? undefined : suggestIdentifier(node.name);

  return (
    <div
      className="inspector__body"
      data-testid="node-inspector"
      data-node-id={node.id}
      data-kind={node.kind}
    >
      <header className="inspector__header">
        <svg className={`kind-glyph kind-glyph--${node.kind}`} viewBox="0 0 24 24" aria-hidden="true">
          <path d={def.glyph} />
        </svg>
        <div>
          <p className="inspector__kind">{def.label}</p>
          <h2 className="inspector__title">{node.name || '(unnamed)'}</h2>
        </div>
        <button
          type="button"
          className="button button--small button--danger-quiet"
          data-testid="delete-node"
          onClick={() => store.getState().removeNode(node.id)}
        >
          Delete
        </button>
      </header>
      <FieldMessages messages={general} />
      <Field
        label={node.kind === 'python' ? 'Step name' : 'Table name'}
        required
        hint={
          suggestion ? (
            <>
              Names are SQL identifiers.{' '}
              <button
                type="button"
                className="link-button"
                onClick={() => store.getState().updateNode(node.id, (n) => ({ ...n, name: suggestion }))}
              >
                Use “{suggestion}”
              </button>
            </>
          ) : node.kind === 'python' ? (
            'Shown in run logs and statistics.'
          ) : (
            'The Flink table name: letters, digits and underscores.'
          )
        }
        messages={messagesAt(['name'])}
        fieldKey={keyOf(['name'])}
      >
        {(control) => (
          <input
            {...control}
            className="input input--mono"
            data-testid="node-name"
            spellCheck={false}
            autoComplete="off"
            maxLength={MAX_NAME}
            value={node.name}
            onChange={(e) => store.getState().updateNode(node.id, (n) => ({ ...n, name: e.target.value }))}
          />
        )}
      </Field>
      <Inspector node={node} />
      <section className="inspector__section" aria-label="Connections">
        <h3 className="inspector__subtitle">Connections</h3>
        {incoming.length === 0 && outgoing.length === 0 && (
          <p className="muted small">
            Not connected. Drag from a node's right handle to another node's left handle.
          </p>
        )}
        <ul className="connections">
          {incoming.map((e) => (
            <li key={e.id}>
              <span>
                from <strong>{byId.get(e.source)?.name ?? e.source}</strong>
              </span>
              <button
                type="button"
                className="icon-button icon-button--small"
                aria-label={`Disconnect from ${byId.get(e.source)?.name ?? e.source}`}
                onClick={() => store.getState().removeEdge(e.id)}
              >
                ×
              </button>
            </li>
          ))}
          {outgoing.map((e) => (
            <li key={e.id}>
              <span>
                to <strong>{byId.get(e.target)?.name ?? e.target}</strong>
              </span>
              <button
                type="button"
                className="icon-button icon-button--small"
                aria-label={`Disconnect ${byId.get(e.target)?.name ?? e.target}`}
                onClick={() => store.getState().removeEdge(e.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        {targets.length > 0 && (
          <label className="connect-to">
            <span>Connect to</span>
            <select
              className="input input--compact"
              value=""
              data-testid="connect-to"
              onChange={(e) => {
                if (e.target.value) store.getState().connect(node.id, e.target.value);
              }}
            >
              <option value="">Choose a node…</option>
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {nodeDefinition(t.kind).label}: {t.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </section>
    </div>
  );
}
