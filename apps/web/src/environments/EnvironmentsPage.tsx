import { useState } from 'react';
import { environmentsApi } from '../api/endpoints.js';
import { errorMessage } from '../api/http.js';
import type { Environment } from '../api/types.js';
import { usePageTitle } from '../lib/use-page-title.js';
import { useResource } from '../lib/use-resource.js';
import { navigate } from '../router/history.js';
import { Link } from '../router/Link.js';
import { paths } from '../router/routes.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { Dialog } from '../ui/Dialog.js';
import { EmptyState } from '../ui/EmptyState.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { ProgressBar } from '../ui/ProgressBar.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { Time } from '../ui/Time.js';
import { EnvironmentForm } from './EnvironmentForm.js';
import { envLabel, envTone, isBuilding, requirementNames } from './environment-format.js';

function EnvRow({
  env,
  onBuild,
  onDelete,
  busy,
}: {
  env: Environment;
  onBuild: (env: Environment) => void;
  onDelete: (env: Environment) => void;
  busy: boolean;
}) {
  const packages = requirementNames(env.requirements);
  return (
    <tr data-testid="env-row" data-env={env.name} data-status={env.status}>
      <td>
        <Link to={paths.environment(env.name)} className="table__primary">
          {env.name}
        </Link>
        {env.description && <div className="muted small">{env.description}</div>}
      </td>
      <td>
        <StatusBadge tone={envTone(env.status)} label={envLabel(env.status)} testId="env-status" />
        {env.stale && env.status === 'READY' && (
          <div className="small warn-text">requirements changed: rebuild</div>
        )}
        {isBuilding(env) && (
          <div className="env-progress">
            <ProgressBar value={env.build.progress} label={`Build of ${env.name}`} />
            <span className="muted small">{env.build.step ?? 'queued'}</span>
          </div>
        )}
        {env.status === 'FAILED' && env.build.error && (
          <div className="small run-error-line" title={env.build.error}>
            {env.build.error.split('\n')[0]}
          </div>
        )}
      </td>
      <td>
        {packages.length === 0 ? (
          <span className="muted small">standard library only</span>
        ) : (
          <span className="small" title={env.requirements}>
            {packages.slice(0, 4).join(', ')}
            {packages.length > 4 && ` +${packages.length - 4}`}
          </span>
        )}
      </td>
      <td className="small">
        {env.pythonVersion ? `Python ${env.pythonVersion}` : '—'}
        {env.pyflink && <div className="muted">PyFlink {env.pyflink.version}</div>}
        {env.flinkVersion && <div className="muted">targets Flink {env.flinkVersion}</div>}
      </td>
      <td className="small">
        <Time iso={env.build.finishedAt ?? env.build.startedAt} relative />
      </td>
      <td className="table__actions">
        <button
          type="button"
          className="button button--small"
          onClick={() => onBuild(env)}
          disabled={busy || isBuilding(env)}
        >
          {env.build.number > 0 ? 'Rebuild' : 'Build'}
        </button>
        <button
          type="button"
          className="button button--small button--danger-quiet"
          onClick={() => onDelete(env)}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}

/** Python environments (venv + Flink version + jars) that jobs run in: build state, progress, create, delete. */
export function EnvironmentsPage() {
  usePageTitle('Environments');
  const list = useResource('environments', (signal) => environmentsApi.list({ signal }), {
    pollMs: (envs) => (envs?.some(isBuilding) ? 1_500 : 15_000),
  });
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Environment>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const envs = list.data ?? [];

  const build = async (env: Environment) => {
    setBusy(env.name);
    setError(undefined);
    try {
      const next = await environmentsApi.build(env.name);
      list.set(envs.map((e) => (e.name === next.name ? next : e)));
      list.reload();
    } catch (e) {
      setError(`${env.name}: ${errorMessage(e)}`);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section className="page" aria-labelledby="envs-title" data-testid="environments-page">
      <div className="page__header">
        <div>
          <h1 id="envs-title">Environments</h1>
          <p className="page__lede">
            The Python virtual environments jobs run in, with their Flink version and extra jars. One
            consistent set per environment ends version clashes.
          </p>
        </div>
        <div className="page__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => setCreating(true)}
            data-testid="new-environment"
          >
            New environment
          </button>
        </div>
      </div>
      {error && (
        <div className="alert" role="alert">
          {error}
        </div>
      )}
      {list.error && <ErrorAlert error={list.error} title="Environments could not be loaded" />}
      {list.data && envs.length === 0 ? (
        <EmptyState
          title="No environments"
          actions={
            <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
              New environment
            </button>
          }
        >
          The API creates <code>default</code> when it starts; create your own for jobs that need packages.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="environments-table" aria-busy={list.loading}>
            <thead>
              <tr>
                <th scope="col">Environment</th>
                <th scope="col">Status</th>
                <th scope="col">Packages</th>
                <th scope="col">Runtime</th>
                <th scope="col">Last build</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {envs.map((env) => (
                <EnvRow
                  key={env.name}
                  env={env}
                  busy={busy === env.name}
                  onBuild={(e) => void build(e)}
                  onDelete={setDeleting}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={creating}
        title="New environment"
        onClose={() => setCreating(false)}
        testId="create-environment-dialog"
      >
        <EnvironmentForm
          submitLabel="Create and build"
          onCancel={() => setCreating(false)}
          onSubmit={async (input) => {
            const env = await environmentsApi.create({ ...input, build: true });
            setCreating(false);
            navigate(paths.environment(env.name));
          }}
        />
      </Dialog>
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete ${deleting?.name ?? ''}?`}
        confirmLabel="Delete environment"
        danger
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          if (!deleting) return;
          await environmentsApi.remove(deleting.name);
          list.reload();
        }}
      >
        <p>Its venv and build logs are deleted. Environments that jobs use cannot be deleted.</p>
      </ConfirmDialog>
    </section>
  );
}
