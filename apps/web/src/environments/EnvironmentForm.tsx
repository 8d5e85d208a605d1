import { type FormEvent, useState } from 'react';
import type { EnvironmentInput } from '../api/endpoints.js';
import { ApiError, errorMessage } from '../api/http.js';
import type { Environment } from '../api/types.js';
import { Field } from '../ui/Field.js';
import { parseJars } from './environment-format.js';

/** Maps the API's 400 issues (`requirements`, `jars.0`, ...) onto the form's fields. */
function issuesByField(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.split('.')[0] ?? '';
    out[field] = out[field] ? `${out[field]}; ${issue.message}` : issue.message;
  }
  return out;
}

/**
 * Create or change an environment: name (create only), description, pip requirements, the Flink
 * version for real-time jobs, and extra jars as Maven coordinates.
 */
export function EnvironmentForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial?: Environment;
  submitLabel: string;
  onSubmit: (input: EnvironmentInput) => Promise<void>;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [requirements, setRequirements] = useState(initial?.requirements ?? '');
  const [realtime, setRealtime] = useState(initial?.flinkVersion != null);
  const [flinkVersion, setFlinkVersion] = useState(initial?.flinkVersion ?? '2.2');
  const [jars, setJars] = useState((initial?.jars ?? []).join('\n'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const issues = issuesByField(error);
  const msg = (field: string) =>
    issues[field] ? [{ key: field, message: issues[field], severity: 'error' as const }] : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit({
        name: name.trim(),
        description,
        requirements,
        flinkVersion: realtime ? flinkVersion.trim() : null,
        jars: realtime ? parseJars(jars) : [],
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="env-form" onSubmit={(e) => void submit(e)} data-testid="environment-form">
      {!initial && (
        <Field
          label="Name"
          required
          hint="Lowercase letters, digits, - and _; jobs name it."
          messages={msg('name')}
        >
          {(control) => (
            <input
              {...control}
              className="input input--mono"
              value={name}
              required
              pattern="[a-z0-9][a-z0-9_\-]{0,62}"
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
              data-testid="env-name"
            />
          )}
        </Field>
      )}
      <Field label="Description" messages={msg('description')}>
        {(control) => (
          <input
            {...control}
            className="input"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Requirements"
        hint="A pip requirements file: one package per line (e.g. requests==2.32.3). Empty: the standard library only."
        messages={msg('requirements')}
      >
        {(control) => (
          <textarea
            {...control}
            className="input input--mono"
            rows={6}
            spellCheck={false}
            value={requirements}
            onChange={(e) => setRequirements(e.target.value)}
            data-testid="env-requirements"
          />
        )}
      </Field>
      <label className="checkbox-label">
        <input
          type="checkbox"
          checked={realtime}
          onChange={(e) => setRealtime(e.target.checked)}
          data-testid="env-realtime"
        />
        For real-time jobs too: target a Flink version, with extra jars
      </label>
      {realtime && (
        <div className="field-grid">
          <Field
            label="Flink version"
            hint="e.g. 2.2 (the session cluster's line)"
            messages={msg('flinkVersion')}
          >
            {(control) => (
              <input
                {...control}
                className="input input--mono"
                value={flinkVersion}
                onChange={(e) => setFlinkVersion(e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Extra jars"
            hint="Maven coordinates, one per line: group:artifact:version"
            messages={msg('jars')}
          >
            {(control) => (
              <textarea
                {...control}
                className="input input--mono"
                rows={3}
                spellCheck={false}
                value={jars}
                placeholder="org.apache.flink:flink-ml-uber:2.3.0"
                onChange={(e) => setJars(e.target.value)}
              />
            )}
          </Field>
        </div>
      )}
      {error !== undefined && (
        <p className="form-error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary" disabled={busy} data-testid="env-submit">
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
