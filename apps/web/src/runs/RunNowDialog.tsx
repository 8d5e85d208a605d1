import type { Parameter } from '@sluice/dag';
import { type FormEvent, useState } from 'react';
import { jobsApi } from '../api/endpoints.js';
import { ApiError, errorMessage } from '../api/http.js';
import type { SecretStatus } from '../api/types.js';
import { navigate } from '../router/history.js';
import { paths } from '../router/routes.js';
import { Dialog } from '../ui/Dialog.js';
import { Field } from '../ui/Field.js';
import { IssueList } from '../ui/IssueList.js';

/**
 * A form for a job's parameters, typed from their declarations; secret ones are password fields.
 * Used by "Run now" and by the real-time start. Only filled-in values are sent: the API applies
 * defaults and stored secrets to the rest.
 */
export function ParameterForm({
  parameters,
  values,
  onChange,
  secrets = {},
  issues = {},
}: {
  parameters: readonly Parameter[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  secrets?: Record<string, SecretStatus>;
  issues?: Record<string, string>;
}) {
  if (parameters.length === 0) return <p className="muted">This job declares no parameters.</p>;
  return (
    <div className="param-form" data-testid="parameter-form">
      {parameters.map((p) => {
        const stored = secrets[p.name]?.set === true;
        const hint = [
          p.description,
          p.default !== undefined ? `Default: ${String(p.default)}.` : '',
          p.secret ? (stored ? 'A stored value is used when left empty.' : 'Secret: never shown again.') : '',
        ]
          .filter(Boolean)
          .join(' ');
        const message = issues[p.name];
        return (
          <Field
            key={p.name}
            label={
              <>
                <code>{p.name}</code> <span className="muted small">{p.secret ? 'secret' : p.type}</span>
              </>
            }
            required={p.required && p.default === undefined && !stored}
            hint={hint || undefined}
            messages={message ? [{ key: 'api', message, severity: 'error' }] : []}
          >
            {(control) =>
              p.type === 'boolean' && !p.secret ? (
                <select
                  {...control}
                  className="input"
                  value={values[p.name] ?? ''}
                  onChange={(e) => onChange({ ...values, [p.name]: e.target.value })}
                >
                  <option value="">
                    {p.default !== undefined ? `(default: ${String(p.default)})` : '(not set)'}
                  </option>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </select>
              ) : (
                <input
                  {...control}
                  className="input"
                  type={p.secret ? 'password' : 'text'}
                  inputMode={p.type === 'integer' || p.type === 'number' ? 'decimal' : undefined}
                  autoComplete={p.secret ? 'new-password' : 'off'}
                  placeholder={p.default !== undefined ? String(p.default) : ''}
                  value={values[p.name] ?? ''}
                  data-testid={`param-${p.name}`}
                  onChange={(e) => onChange({ ...values, [p.name]: e.target.value })}
                />
              )
            }
          </Field>
        );
      })}
    </div>
  );
}

/** `{a: '', b: 'x'}` -> `{b: 'x'}`: empty fields are left to defaults and stored secrets. */
export function filledIn(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
}

/** Maps the API's `parameters.<name>` issues onto the form's fields. */
export function parameterIssues(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const m = /^parameters\.(.+)$/.exec(issue.path);
    if (m?.[1]) out[m[1]] = issue.message;
  }
  return out;
}

/**
 * The API's answer to a request made with a {@link ParameterForm}: its sentence, and the issues the
 * form does not already show beside a field.
 */
export function ParameterRequestError({ error }: { error: unknown }) {
  const other =
    error instanceof ApiError ? error.issues.filter((i) => !i.path.startsWith('parameters.')) : [];
  return (
    <div className="form-error" role="alert">
      {errorMessage(error)}
      <IssueList issues={other} />
    </div>
  );
}

/** "Run now": the parameter form, then the run's page. */
export function RunNowDialog({
  open,
  onClose,
  jobName,
  version,
  parameters,
  secrets,
}: {
  open: boolean;
  onClose: () => void;
  jobName: string;
  version: number;
  parameters: readonly Parameter[];
  secrets: Record<string, SecretStatus>;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const close = () => {
    setValues({});
    setError(undefined);
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const run = await jobsApi.runNow(jobName, filledIn(values));
      setBusy(false);
      close();
      navigate(paths.run(run.id));
    } catch (e) {
      setBusy(false);
      setError(e);
    }
  };
  const fieldIssues = parameterIssues(error);
  return (
    <Dialog open={open} title={`Run ${jobName} now`} onClose={close} testId="run-now-dialog">
      <form id="run-now-form" onSubmit={(e) => void submit(e)}>
        <p className="muted">Runs version {version}, the saved one, with these values.</p>
        <ParameterForm
          parameters={parameters}
          values={values}
          onChange={setValues}
          secrets={secrets}
          issues={fieldIssues}
        />
        {error !== undefined && <ParameterRequestError error={error} />}
        <div className="dialog__footer dialog__footer--inline">
          <button type="button" className="button" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={busy}
            data-testid="run-now-submit"
          >
            {busy ? 'Starting…' : 'Run'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
