import type { Parameter, ParameterType } from '@sluice/dag';
import { FieldMessages } from '../../ui/Field.js';
import { useEditor, useEditorStore } from '../editor-context.js';
import { useFieldIssues } from './use-field-issues.js';

const TYPES: ParameterType[] = ['string', 'integer', 'number', 'boolean'];

function parseDefault(type: ParameterType, text: string): Parameter['default'] {
  if (text === '') return undefined;
  if (type === 'integer' || type === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/**
 * The job's start parameters: referenced as `${name}` in options, given values by "Run now" or
 * the real-time start. A secret parameter has no default (it would be stored in clear).
 */
export function ParametersEditor() {
  const store = useEditorStore();
  const parameters = useEditor((s) => s.job.parameters);
  const { messagesAt, keyOf } = useFieldIssues();
  const setParam = (index: number, param: Parameter) =>
    store
      .getState()
      .updateJob((j) => ({ ...j, parameters: j.parameters.map((p, i) => (i === index ? param : p)) }));

  return (
    <div className="params" data-testid="parameters-editor">
      {parameters.length === 0 && (
        <p className="muted small">
          None. Declare parameters to fill values in at start time, e.g. a database password as a secret.
        </p>
      )}
      <ol className="params__list">
        {parameters.map((param, index) => {
          const path = ['parameters', index] as const;
          const label = param.name || `parameter ${index + 1}`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: parameters are identified by position while edited
            <li key={index} className="params__row" data-testid="parameter-row">
              <div className="params__fields">
                <input
                  className="input input--mono"
                  aria-label={`Name of ${label}`}
                  placeholder="name"
                  spellCheck={false}
                  value={param.name}
                  data-field={keyOf([...path, 'name'])}
                  onChange={(e) => setParam(index, { ...param, name: e.target.value })}
                />
                <select
                  className="input input--compact"
                  aria-label={`Type of ${label}`}
                  value={param.type}
                  onChange={(e) => setParam(index, { ...param, type: e.target.value as ParameterType })}
                >
                  {TYPES.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
                <input
                  className="input"
                  aria-label={`Default of ${label}`}
                  placeholder={param.secret ? 'no default for secrets' : 'default'}
                  disabled={param.secret}
                  value={param.default === undefined ? '' : String(param.default)}
                  data-field={keyOf([...path, 'default'])}
                  onChange={(e) => {
                    const { default: _d, ...rest } = param;
                    const value = parseDefault(param.type, e.target.value);
                    setParam(index, value === undefined ? rest : { ...rest, default: value });
                  }}
                />
                <button
                  type="button"
                  className="icon-button icon-button--small"
                  aria-label={`Remove ${label}`}
                  onClick={() =>
                    store
                      .getState()
                      .updateJob((j) => ({ ...j, parameters: j.parameters.filter((_, i) => i !== index) }))
                  }
                >
                  ×
                </button>
              </div>
              <div className="params__flags">
                <label className="checkbox-label">
                  <input
                    type="checkbox"
                    className="checkbox"
                    checked={param.required}
                    onChange={(e) => setParam(index, { ...param, required: e.target.checked })}
                  />
                  required
                </label>
                <label className="checkbox-label">
                  <input
                    type="checkbox"
                    className="checkbox"
                    checked={param.secret}
                    data-testid="parameter-secret"
                    onChange={(e) => {
                      const { default: _d, ...rest } = param;
                      setParam(
                        index,
                        e.target.checked ? { ...rest, secret: true } : { ...param, secret: false },
                      );
                    }}
                  />
                  secret
                </label>
                <input
                  className="input input--compact params__description"
                  aria-label={`Description of ${label}`}
                  placeholder="description"
                  value={param.description}
                  onChange={(e) => setParam(index, { ...param, description: e.target.value })}
                />
              </div>
              <FieldMessages messages={messagesAt([...path])} />
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button button--small"
        data-testid="add-parameter"
        onClick={() =>
          store.getState().updateJob((j) => ({
            ...j,
            parameters: [
              ...j.parameters,
              { name: '', type: 'string', required: false, secret: false, description: '' },
            ],
          }))
        }
      >
        + Add parameter
      </button>
    </div>
  );
}
