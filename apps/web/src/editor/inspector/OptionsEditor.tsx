import type { ConnectorSpec, Direction, SinkNode, SourceNode } from '@sluice/dag';
import { useMemo, useState } from 'react';
import { Field } from '../../ui/Field.js';
import { useEditorStore } from '../editor-context.js';
import { focusField } from '../issues.js';
import { addableOptions, type OptionRow, optionRows, wildcardPrefixes } from './option-rows.js';
import { useFieldIssues } from './use-field-issues.js';

type TableNode = SourceNode | SinkNode;

function placeholderOf(row: OptionRow): string {
  const spec = row.resolved?.spec;
  if (spec?.default !== undefined) return `default: ${spec.default}`;
  if (spec?.example !== undefined) return `e.g. ${spec.example}`;
  return '';
}

function OptionInput({
  row,
  control,
  onChange,
}: {
  row: OptionRow;
  control: Record<string, unknown>;
  onChange: (value: string) => void;
}) {
  const spec = row.resolved?.spec;
  const value = row.value ?? '';
  if (spec?.type === 'enum' || spec?.type === 'boolean') {
    const values = spec.type === 'boolean' ? ['true', 'false'] : (spec.values ?? []);
    const known = values.includes(value) || value === '';
    return (
      <select {...control} className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{spec.default !== undefined ? `(default: ${spec.default})` : '(not set)'}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
        {!known && <option value={value}>{value}</option>}
      </select>
    );
  }
  const numeric = spec?.type === 'int' || spec?.type === 'long' || spec?.type === 'float';
  return (
    <input
      {...control}
      className="input input--mono"
      // Text, not type=number: values may be `${param}` references.
      type="text"
      inputMode={numeric ? 'decimal' : undefined}
      spellCheck={false}
      autoComplete="off"
      value={value}
      placeholder={placeholderOf(row)}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/**
 * The connector's options for one table: required and set ones as fields typed from the catalog
 * (drop-downs for enums and booleans, hints, defaults as placeholders), the rest offered in a list.
 */
export function OptionsEditor({
  node,
  connector,
  direction,
}: {
  node: TableNode;
  connector: ConnectorSpec;
  direction: Direction;
}) {
  const store = useEditorStore();
  const { issues, messagesAt, keyOf } = useFieldIssues(node.id);
  const options = node.config.options;
  const keysWithIssues = useMemo(() => {
    const keys = new Set<string>();
    for (const i of issues) {
      const s = i.segments;
      if (i.nodeId === node.id && s && s[3] === 'config' && s[4] === 'options' && typeof s[5] === 'string') {
        keys.add(s[5]);
      }
    }
    return keys;
  }, [issues, node.id]);
  const rows = optionRows(connector, options, direction, keysWithIssues);
  const addable = addableOptions(connector, options, direction, node.config.columns);
  const prefixes = wildcardPrefixes(connector);
  const [customKey, setCustomKey] = useState('');

  const setOption = (key: string, value: string) =>
    store
      .getState()
      .updateNode(node.id, (n) =>
        n.kind === 'python'
          ? n
          : { ...n, config: { ...n.config, options: { ...n.config.options, [key]: value } } },
      );
  const removeOption = (key: string) =>
    store.getState().updateNode(node.id, (n) => {
      if (n.kind === 'python') return n;
      const { [key]: _removed, ...rest } = n.config.options;
      return { ...n, config: { ...n.config, options: rest } };
    });
  const addOption = (key: string, initial: string) => {
    setOption(key, initial);
    requestAnimationFrame(() => focusField([keyOf(['config', 'options', key])]));
  };

  return (
    <div className="options" data-testid="options-editor">
      {rows.length === 0 && <p className="muted small">This connector needs no options.</p>}
      {rows.map((row) => {
        const spec = row.resolved?.spec;
        const hint = spec
          ? `${spec.description}${row.resolved?.format ? ` (${row.resolved.format.format} format)` : ''}${spec.secretCapable ? ` May reference a secret parameter as \${name}.` : ''}`
          : 'The catalog does not know this option.';
        return (
          <Field
            key={row.key}
            label={<code>{row.key}</code>}
            labelAction={
              row.required ? undefined : (
                <button
                  type="button"
                  className="icon-button icon-button--small"
                  aria-label={`Remove option ${row.key}`}
                  title="Remove"
                  onClick={() => removeOption(row.key)}
                >
                  ×
                </button>
              )
            }
            required={row.required}
            hint={hint}
            messages={messagesAt(['config', 'options', row.key])}
            fieldKey={keyOf(['config', 'options', row.key])}
            testId={`option-${row.key}`}
          >
            {(control) => (
              <OptionInput row={row} control={{ ...control }} onChange={(v) => setOption(row.key, v)} />
            )}
          </Field>
        );
      })}
      {(addable.length > 0 || prefixes.length > 0) && (
        <div className="options__add">
          {addable.length > 0 && (
            <label className="options__add-select">
              <span className="visually-hidden">Add an option</span>
              <select
                className="input"
                value=""
                data-testid="add-option"
                onChange={(e) => {
                  const key = e.target.value;
                  const spec = addable.find((a) => a.key === key)?.spec;
                  if (key) addOption(key, spec?.default ?? '');
                }}
              >
                <option value="">+ Add an option…</option>
                {addable.map((a) => (
                  <option key={a.key} value={a.key} title={a.spec.description}>
                    {a.key}
                  </option>
                ))}
              </select>
            </label>
          )}
          {prefixes.length > 0 && (
            <form
              className="options__custom"
              onSubmit={(e) => {
                e.preventDefault();
                const key = customKey.trim();
                if (key && prefixes.some((p) => key.startsWith(p) && key.length > p.length)) {
                  addOption(key, '');
                  setCustomKey('');
                }
              }}
            >
              <input
                className="input input--mono"
                aria-label={`Custom option key (${prefixes.map((p) => `${p}…`).join(', ')})`}
                placeholder={`${prefixes[0]}…`}
                value={customKey}
                onChange={(e) => setCustomKey(e.target.value)}
              />
              <button type="submit" className="button button--small">
                Add
              </button>
            </form>
          )}
        </div>
      )}
    </div>
  );
}
