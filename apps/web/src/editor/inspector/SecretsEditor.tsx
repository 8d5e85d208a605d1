import { useState } from 'react';
import { jobsApi } from '../../api/endpoints.js';
import { errorMessage } from '../../api/http.js';
import type { SecretStatus } from '../../api/types.js';
import { useResource } from '../../lib/use-resource.js';
import { Time } from '../../ui/Time.js';

/**
 * Stored values of secret parameters, used by scheduled runs (a manual run can also take them in
 * its form). Values go to the API encrypted at rest and never come back: only "set" is shown.
 */
export function SecretsEditor({ jobName, names }: { jobName: string; names: string[] }) {
  const status = useResource(`secrets:${jobName}`, (signal) => jobsApi.secrets(jobName, { signal }));
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();

  const store = async (name: string, value: string | null) => {
    setBusy(name);
    setError(undefined);
    try {
      status.set(await jobsApi.putSecrets(jobName, { [name]: value }));
      setValues((v) => ({ ...v, [name]: '' }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div className="secrets" data-testid="secrets-editor">
      <p className="muted small">
        Scheduled runs use these stored values. Encrypted at rest; never shown again. Save the job first when
        you have just declared a secret.
      </p>
      <ul className="secrets__list">
        {names.map((name) => {
          const s: SecretStatus | undefined = status.data?.[name];
          return (
            <li key={name} className="secrets__row">
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  const value = values[name] ?? '';
                  if (value !== '') void store(name, value);
                }}
              >
                <label>
                  <code>{name}</code>{' '}
                  <span className="muted small">
                    {s === undefined ? (
                      'not declared in the saved version'
                    ) : s.set ? (
                      <>
                        stored <Time iso={s.updatedAt} relative />
                      </>
                    ) : (
                      'no value stored'
                    )}
                  </span>
                  <input
                    className="input"
                    type="password"
                    autoComplete="new-password"
                    placeholder={s?.set ? 'new value' : 'value'}
                    value={values[name] ?? ''}
                    disabled={s === undefined}
                    onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
                  />
                </label>
                <div className="secrets__buttons">
                  <button
                    type="submit"
                    className="button button--small"
                    disabled={busy !== undefined || !(values[name] ?? '')}
                  >
                    Store
                  </button>
                  {s?.set && (
                    <button
                      type="button"
                      className="button button--small button--danger-quiet"
                      disabled={busy !== undefined}
                      onClick={() => void store(name, null)}
                    >
                      Forget
                    </button>
                  )}
                </div>
              </form>
            </li>
          );
        })}
      </ul>
      {(error || status.error) && (
        <p className="form-error" role="alert">
          {error ?? status.error?.message}
        </p>
      )}
    </div>
  );
}
