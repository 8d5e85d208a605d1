import {
  type ConnectorSpec,
  getConnector,
  listConnectors,
  resolveOption,
  type SinkNode,
  type SourceNode,
} from '@sluice/dag';
import { Field } from '../../ui/Field.js';
import { useEditor, useEditorStore } from '../editor-context.js';
import { ColumnsEditor } from './ColumnsEditor.js';
import { OptionsEditor } from './OptionsEditor.js';
import { useFieldIssues } from './use-field-issues.js';

type TableNode = SourceNode | SinkNode;

/** Options that still mean something under the new connector are kept; the rest would be errors. */
export function keepKnownOptions(
  options: Readonly<Record<string, string>>,
  connector: ConnectorSpec | undefined,
): Record<string, string> {
  if (connector === undefined) return {};
  return Object.fromEntries(
    Object.entries(options).filter(([key]) => resolveOption(connector, key, options) !== undefined),
  );
}

/** Inspector of a source or sink: connector (from the catalog, for this direction and runtime), options, columns. */
export function TableInspector({ node }: { node: TableNode }) {
  const store = useEditorStore();
  const jobKind = useEditor((s) => s.job.kind);
  const { messagesAt, keyOf } = useFieldIssues(node.id);
  const runtime = jobKind === 'scheduled' ? 'batch' : 'streaming';
  const direction = node.kind;
  const available = listConnectors({ direction, runtime });
  const connector = getConnector(node.config.connector);
  const listed = available.some((c) => c.id === node.config.connector);

  const chooseConnector = (id: string) =>
    store.getState().updateNode(node.id, (n) =>
      n.kind === 'python'
        ? n
        : {
            ...n,
            config: {
              ...n.config,
              connector: id,
              options: keepKnownOptions(n.config.options, getConnector(id)),
            },
          },
    );

  const hint = connector ? (
    <>
      {connector.description}
      {direction === 'source' && jobKind === 'scheduled' && connector.batchBehaviour && (
        <> {connector.batchBehaviour}</>
      )}{' '}
      <a href={connector.docsUrl} target="_blank" rel="noreferrer">
        Flink docs
      </a>
    </>
  ) : (
    `Connectors that can ${direction === 'source' ? 'be read' : 'be written'} in a ${jobKind === 'scheduled' ? 'scheduled (batch)' : 'real-time (streaming)'} job.`
  );

  return (
    <>
      <Field
        label="Connector"
        required
        hint={hint}
        messages={messagesAt(['config', 'connector'])}
        fieldKey={keyOf(['config', 'connector'])}
        testId="connector-field"
      >
        {(control) => (
          <select
            {...control}
            className="input"
            value={node.config.connector}
            data-testid="connector-select"
            onChange={(e) => chooseConnector(e.target.value)}
          >
            <option value="">Choose a connector…</option>
            {available.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title} ({c.id})
              </option>
            ))}
            {!listed && node.config.connector !== '' && (
              <option value={node.config.connector}>
                {node.config.connector} (not available{' '}
                {jobKind === 'scheduled' ? 'in scheduled jobs' : 'here'})
              </option>
            )}
          </select>
        )}
      </Field>
      {connector && (
        <section className="inspector__section" aria-label="Options">
          <h3 className="inspector__subtitle">Options</h3>
          <OptionsEditor node={node} connector={connector} direction={direction} />
        </section>
      )}
      <section className="inspector__section" aria-label="Columns">
        <h3 className="inspector__subtitle">Columns</h3>
        <ColumnsEditor node={node} connector={connector} />
      </section>
    </>
  );
}
