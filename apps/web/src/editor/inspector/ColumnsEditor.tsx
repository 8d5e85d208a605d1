import {
  type Column,
  type ConnectorSpec,
  parseFlinkType,
  type SinkNode,
  type SourceNode,
  type TableConfig,
} from '@sluice/dag';
import { useId } from 'react';
import { FieldMessages } from '../../ui/Field.js';
import { useEditor, useEditorStore } from '../editor-context.js';
import { upstreamColumns } from '../graph-rules.js';
import { useFieldIssues } from './use-field-issues.js';

type TableNode = SourceNode | SinkNode;

/** Types offered while typing; any Flink SQL type can be written. */
const COMMON_TYPES = [
  'STRING',
  'BIGINT',
  'INT',
  'DOUBLE',
  'BOOLEAN',
  'DECIMAL(10, 2)',
  'DATE',
  'TIMESTAMP(3)',
  'TIMESTAMP_LTZ(3)',
  'BYTES',
  'ARRAY<STRING>',
  'MAP<STRING, STRING>',
  'ROW<name STRING, value DOUBLE>',
];

/** The parser's complaint about a type as it is typed (empty: no complaint yet). */
export function typeProblem(type: string): string | undefined {
  if (type.trim() === '') return undefined;
  const result = parseFlinkType(type);
  return result.ok ? undefined : result.error.message;
}

function blankColumn(kind: Column['kind']): Column {
  if (kind === 'computed') return { kind, name: '', expression: '' };
  if (kind === 'metadata') return { kind, name: '', type: 'STRING', virtual: true };
  return { kind: 'physical', name: '', type: 'STRING' };
}

/**
 * The columns of a table: name and Flink SQL type (parsed as typed, errors inline), computed and
 * metadata columns, the primary key, and for sources the event-time watermark.
 */
export function ColumnsEditor({
  node,
  connector,
}: {
  node: TableNode;
  connector: ConnectorSpec | undefined;
}) {
  const store = useEditorStore();
  const graph = useEditor((s) => s.job.graph);
  const { messagesAt, keyOf } = useFieldIssues(node.id);
  const listId = useId();
  const config = node.config;
  const pk = new Set(config.primaryKey ?? []);
  const metadataKeys = connector?.metadata ?? [];

  const update = (fn: (c: TableConfig) => TableConfig) =>
    store.getState().updateNode(node.id, (n) => (n.kind === 'python' ? n : { ...n, config: fn(n.config) }));
  const setColumn = (index: number, column: Column) =>
    update((c) => {
      const before = c.columns[index];
      const columns = c.columns.map((col, i) => (i === index ? column : col));
      // Renaming a key or watermark column renames it there too.
      const renamed = before && before.name !== column.name ? before.name : undefined;
      const next: TableConfig = { ...c, columns };
      if (renamed !== undefined && c.primaryKey?.includes(renamed)) {
        next.primaryKey = c.primaryKey.map((k) => (k === renamed ? column.name : k));
      }
      if (renamed !== undefined && c.watermark?.column === renamed) {
        next.watermark = { ...c.watermark, column: column.name };
      }
      return next;
    });
  const removeColumn = (index: number) =>
    update((c) => {
      const name = c.columns[index]?.name;
      const next: TableConfig = { ...c, columns: c.columns.filter((_, i) => i !== index) };
      if (name !== undefined && c.primaryKey?.includes(name)) {
        const primaryKey = c.primaryKey.filter((k) => k !== name);
        if (primaryKey.length > 0) next.primaryKey = primaryKey;
        else delete next.primaryKey;
      }
      return next;
    });
  const moveColumn = (index: number, delta: -1 | 1) =>
    update((c) => {
      const to = index + delta;
      if (to < 0 || to >= c.columns.length) return c;
      const columns = [...c.columns];
      const [moved] = columns.splice(index, 1);
      if (moved) columns.splice(to, 0, moved);
      return { ...c, columns };
    });
  const togglePk = (name: string, on: boolean) =>
    update((c) => {
      const keys = (c.primaryKey ?? []).filter((k) => k !== name);
      if (on) keys.push(name);
      const next: TableConfig = { ...c };
      if (keys.length > 0) next.primaryKey = keys;
      else delete next.primaryKey;
      return next;
    });
  const upstream = node.kind === 'sink' ? upstreamColumns(graph, node.id) : [];

  return (
    <div className="columns" data-testid="columns-editor">
      <datalist id={listId}>
        {COMMON_TYPES.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <FieldMessages messages={messagesAt(['config', 'columns'], true)} />
      {config.columns.length > 0 && (
        <div className="columns__head" aria-hidden="true">
          <span>Kind</span>
          <span>Name</span>
          <span>Type or expression</span>
          <span title="Primary key">Key</span>
          <span />
        </div>
      )}
      <ol className="columns__list">
        {config.columns.map((column, index) => {
          const path = ['config', 'columns', index] as const;
          const typeError = column.kind !== 'computed' ? typeProblem(column.type) : undefined;
          const rowMessages = [
            ...messagesAt([...path, 'name']),
            ...messagesAt([...path, 'type']),
            ...messagesAt([...path, 'expression']),
            ...messagesAt([...path, 'key']),
            ...messagesAt([...path], true),
          ];
          // The parser's own message shows at once; validation's copy of it is not repeated.
          const messages = typeError
            ? [
                { key: 'parse', message: typeError, severity: 'error' as const },
                ...rowMessages.filter((m) => !m.message.includes(typeError)),
              ]
            : rowMessages;
          const label = column.name || `column ${index + 1}`;
          return (
            // Columns have no id; the index is their identity while the list is edited.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={index} className="columns__row" data-testid="column-row">
              <div className="columns__fields">
                <select
                  className="input input--compact"
                  aria-label={`Kind of ${label}`}
                  value={column.kind}
                  onChange={(e) => {
                    const next = blankColumn(e.target.value as Column['kind']);
                    setColumn(index, { ...next, name: column.name });
                  }}
                >
                  <option value="physical">physical</option>
                  <option value="computed">computed</option>
                  <option value="metadata">metadata</option>
                </select>
                <input
                  className="input input--mono"
                  aria-label={`Name of ${label}`}
                  aria-invalid={
                    messagesAt([...path, 'name']).some((m) => m.severity === 'error') || undefined
                  }
                  data-field={keyOf([...path, 'name'])}
                  data-testid="column-name"
                  spellCheck={false}
                  autoComplete="off"
                  value={column.name}
                  placeholder="name"
                  onChange={(e) => setColumn(index, { ...column, name: e.target.value })}
                />
                {column.kind === 'computed' ? (
                  <input
                    className="input input--mono"
                    aria-label={`Expression of ${label}`}
                    data-field={keyOf([...path, 'expression'])}
                    spellCheck={false}
                    value={column.expression}
                    placeholder="e.g. PROCTIME()"
                    onChange={(e) => setColumn(index, { ...column, expression: e.target.value })}
                  />
                ) : (
                  <input
                    className="input input--mono"
                    aria-label={`Flink SQL type of ${label}`}
                    aria-invalid={typeError ? true : undefined}
                    data-field={keyOf([...path, 'type'])}
                    data-testid="column-type"
                    list={listId}
                    spellCheck={false}
                    autoComplete="off"
                    value={column.type}
                    placeholder="e.g. BIGINT"
                    onChange={(e) => setColumn(index, { ...column, type: e.target.value })}
                  />
                )}
                <input
                  type="checkbox"
                  className="checkbox"
                  aria-label={`${label} is part of the primary key`}
                  title="Primary key (NOT ENFORCED)"
                  disabled={column.kind !== 'physical' || column.name === ''}
                  checked={pk.has(column.name)}
                  onChange={(e) => togglePk(column.name, e.target.checked)}
                />
                <span className="columns__actions">
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    aria-label={`Move ${label} up`}
                    disabled={index === 0}
                    onClick={() => moveColumn(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    aria-label={`Move ${label} down`}
                    disabled={index === config.columns.length - 1}
                    onClick={() => moveColumn(index, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    aria-label={`Remove ${label}`}
                    onClick={() => removeColumn(index)}
                  >
                    ×
                  </button>
                </span>
              </div>
              {column.kind === 'metadata' && (
                <div className="columns__meta">
                  <label>
                    <span>Metadata key</span>
                    <select
                      className="input input--compact"
                      value={column.key ?? ''}
                      data-field={keyOf([...path, 'key'])}
                      onChange={(e) => {
                        const { key: _old, ...rest } = column;
                        setColumn(index, e.target.value === '' ? rest : { ...rest, key: e.target.value });
                      }}
                    >
                      <option value="">(same as the name)</option>
                      {metadataKeys.map((m) => (
                        <option key={m.key} value={m.key} title={m.description}>
                          {m.key} ({m.type}
                          {m.writable ? '' : ', read-only'})
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="checkbox-label">
                    <input
                      type="checkbox"
                      className="checkbox"
                      checked={column.virtual}
                      onChange={(e) => setColumn(index, { ...column, virtual: e.target.checked })}
                    />
                    VIRTUAL (read only)
                  </label>
                </div>
              )}
              <FieldMessages messages={messages} />
            </li>
          );
        })}
      </ol>
      <div className="columns__buttons">
        <button
          type="button"
          className="button button--small"
          data-testid="add-column"
          onClick={() => update((c) => ({ ...c, columns: [...c.columns, blankColumn('physical')] }))}
        >
          + Add column
        </button>
        {upstream.length > 0 && (
          <button
            type="button"
            className="button button--small"
            data-testid="copy-upstream-columns"
            title={upstream.map((c) => c.name).join(', ')}
            onClick={() => {
              const have = new Set(config.columns.map((c) => c.name));
              update((c) => ({
                ...c,
                columns: [...c.columns, ...upstream.filter((u) => !have.has(u.name))],
              }));
            }}
          >
            Copy columns from upstream
          </button>
        )}
      </div>
      <FieldMessages messages={messagesAt(['config', 'primaryKey'])} />
      {node.kind === 'source' && <WatermarkEditor node={node} update={update} />}
    </div>
  );
}

function WatermarkEditor({
  node,
  update,
}: {
  node: SourceNode;
  update: (fn: (c: TableConfig) => TableConfig) => void;
}) {
  const { messagesAt, keyOf } = useFieldIssues(node.id);
  const watermark = node.config.watermark;
  const candidates = node.config.columns.filter((c) => c.name !== '' && c.kind !== 'metadata');
  const id = useId();
  return (
    <fieldset className="watermark">
      <legend>Event time</legend>
      <label className="checkbox-label">
        <input
          type="checkbox"
          className="checkbox"
          checked={watermark !== undefined}
          disabled={watermark === undefined && candidates.length === 0}
          onChange={(e) =>
            update((c) => {
              if (!e.target.checked) {
                const { watermark: _w, ...rest } = c;
                return rest;
              }
              const column =
                candidates.find((col) => col.kind === 'physical' && /TIMESTAMP/i.test(col.type)) ??
                candidates[0];
              const name = column?.name ?? '';
              return { ...c, watermark: { column: name, expression: `\`${name}\` - INTERVAL '5' SECOND` } };
            })
          }
        />
        Declare a watermark (late rows up to a delay are still in time)
      </label>
      {watermark && (
        <div className="watermark__fields">
          <label htmlFor={`${id}-col`}>Column</label>
          <select
            id={`${id}-col`}
            className="input"
            value={watermark.column}
            data-field={keyOf(['config', 'watermark', 'column'])}
            onChange={(e) =>
              update((c) => ({
                ...c,
                watermark: { column: e.target.value, expression: c.watermark?.expression ?? '' },
              }))
            }
          >
            {!candidates.some((c) => c.name === watermark.column) && (
              <option value={watermark.column}>{watermark.column || '(choose)'}</option>
            )}
            {candidates.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-expr`}>Expression</label>
          <input
            id={`${id}-expr`}
            className="input input--mono"
            spellCheck={false}
            value={watermark.expression}
            data-field={keyOf(['config', 'watermark', 'expression'])}
            onChange={(e) =>
              update((c) => ({
                ...c,
                watermark: { column: c.watermark?.column ?? '', expression: e.target.value },
              }))
            }
          />
        </div>
      )}
      <FieldMessages messages={messagesAt(['config', 'watermark'])} />
    </fieldset>
  );
}
