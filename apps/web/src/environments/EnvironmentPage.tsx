import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { environmentsApi } from '../api/endpoints.js';
import { ApiError, errorMessage } from '../api/http.js';
import type { Environment } from '../api/types.js';
import { usePageTitle } from '../lib/use-page-title.js';
import { useResource } from '../lib/use-resource.js';
import { navigate } from '../router/history.js';
import { Link } from '../router/Link.js';
import { paths } from '../router/routes.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { ProgressBar } from '../ui/ProgressBar.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { Time } from '../ui/Time.js';
import { EnvironmentForm } from './EnvironmentForm.js';
import { envLabel, envTone, isBuilding } from './environment-format.js';
import { useBuildLog } from './use-build-log.js';

function BuildLog({ env, onEnd }: { env: Environment; onEnd: () => void }) {
  const log = useBuildLog(env.name, env.build.number, onEnd);
  const box = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  useLayoutEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  });
  const building = isBuilding(env);
  const percent = building
    ? Math.max(log.progress?.percent ?? 0, env.build.progress)
    : env.status === 'READY'
      ? 100
      : env.build.progress;
  const step = (building ? log.progress?.step : undefined) ?? env.build.step;
  return (
    <section className="panel" aria-labelledby="build-title" data-testid="build-panel">
      <div className="panel__header">
        <h2 id="build-title" className="panel__title">
          Build {env.build.number > 0 ? `#${env.build.number}` : ''}
        </h2>
        <span className="muted small">
          {env.build.startedAt && (
            <>
              started <Time iso={env.build.startedAt} relative />
            </>
          )}
          {env.build.finishedAt && (
            <>
              {' '}
              · finished <Time iso={env.build.finishedAt} relative />
            </>
          )}
        </span>
      </div>
      <div className="build-progress" aria-live="polite">
        <ProgressBar
          value={env.status === 'PENDING' ? 0 : percent}
          label="Build progress"
          tone={env.status === 'FAILED' ? 'down' : env.status === 'READY' ? 'up' : 'run'}
          testId="build-progress"
        />
        <span className="small" data-testid="build-step">
          {env.status === 'PENDING'
            ? 'Not built yet'
            : env.status === 'QUEUED'
              ? 'Waiting for a builder…'
              : `${percent}%${step ? ` · ${step}` : ''}`}
        </span>
      </div>
      {env.status === 'FAILED' && env.build.error && (
        <div className="alert" role="alert" data-testid="build-error">
          <p className="alert__title">The build failed</p>
          <pre className="alert__pre">{env.build.error}</pre>
        </div>
      )}
      {env.build.number > 0 && (
        <>
          <label className="checkbox-label">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
            the log
          </label>
          <div
            className="logview__box logview__box--short"
            ref={box}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled
            tabIndex={0}
            role="log"
            aria-label="Build log"
            data-testid="build-log"
          >
            {log.lines.length === 0 ? (
              <p className="log__note">
                {log.state === 'ended' ? 'No log lines.' : 'Waiting for log lines…'}
              </p>
            ) : (
              <ol className="log">
                {log.lines.map((l) => (
                  <li key={l.seq} className={`log__line log__line--${l.stream}`} data-testid="build-log-line">
                    <span className="log__stream">{l.stream}</span>
                    <span className="log__message">{l.message}</span>
                  </li>
                ))}
              </ol>
            )}
          </div>
        </>
      )}
    </section>
  );
}

/** One environment: build progress and live log, its definition (editable: a change rebuilds), delete. */
export function EnvironmentPage({ name }: { name: string }) {
  usePageTitle(`Environment ${name}`);
  const env = useResource(`environment:${name}`, (signal) => environmentsApi.get(name, { signal }), {
    pollMs: (e) => (e && isBuilding(e) ? 1_000 : 15_000),
  });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const data = env.data;
  const reload = env.reload;
  useEffect(() => {
    if (data && !isBuilding(data)) setBusy(false);
  }, [data]);

  if (env.error && !data) {
    return (
      <section className="page">
        <ErrorAlert
          error={env.error}
          title={
            env.error instanceof ApiError && env.error.status === 404
              ? `There is no environment '${name}'`
              : undefined
          }
        />
        <Link to={paths.environments()}>All environments</Link>
      </section>
    );
  }
  if (!data) return <p className="page loading">Loading {name}…</p>;

  const build = async () => {
    setBusy(true);
    setError(undefined);
    try {
      env.set(await environmentsApi.build(name));
    } catch (e) {
      setBusy(false);
      setError(errorMessage(e));
    }
  };

  return (
    <section
      className="page"
      aria-labelledby="env-title"
      data-testid="environment-page"
      data-status={data.status}
    >
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to={paths.environments()}>Environments</Link> / {name}
      </nav>
      <div className="page__header">
        <div>
          <h1 id="env-title">
            {name}{' '}
            <StatusBadge tone={envTone(data.status)} label={envLabel(data.status)} testId="env-status" />
          </h1>
          <p className="page__lede">
            {data.description || 'A Python environment for jobs.'}
            {data.stale && ' The requirements changed since the last good build.'}
          </p>
        </div>
        <div className="page__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => void build()}
            disabled={busy || isBuilding(data)}
            data-testid="env-build"
          >
            {isBuilding(data) ? 'Building…' : data.build.number > 0 ? 'Rebuild' : 'Build'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => setEditing((e) => !e)}
            aria-expanded={editing}
          >
            {editing ? 'Close editor' : 'Edit'}
          </button>
          <button
            type="button"
            className="button button--danger-quiet"
            onClick={() => setDeleting(true)}
            data-testid="env-delete"
          >
            Delete
          </button>
        </div>
      </div>
      {error && (
        <div className="alert" role="alert">
          {error}
        </div>
      )}
      <dl className="facts" data-testid="env-facts">
        <div>
          <dt>Usable by jobs</dt>
          <dd>{data.usable ? 'yes' : 'not yet'}</dd>
        </div>
        <div>
          <dt>Python</dt>
          <dd>{data.pythonVersion ?? '—'}</dd>
        </div>
        <div>
          <dt>PyFlink</dt>
          <dd>
            {data.pyflink
              ? `${data.pyflink.version} (${data.pyflink.source === 'runtime' ? 'linked from the runtime' : 'installed by pip'})`
              : '—'}
          </dd>
        </div>
        <div>
          <dt>Flink version</dt>
          <dd>{data.flinkVersion ?? 'any (scheduled jobs)'}</dd>
        </div>
        <div>
          <dt>Extra jars</dt>
          <dd>
            {data.jars.length === 0
              ? 'none'
              : data.jars.map((j) => (
                  <code key={j} className="param-chip">
                    {j}
                  </code>
                ))}
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <Time iso={data.createdAt} />
          </dd>
        </div>
      </dl>
      {editing ? (
        <section className="panel" aria-label="Edit environment">
          <EnvironmentForm
            initial={data}
            submitLabel="Save and rebuild"
            onCancel={() => setEditing(false)}
            onSubmit={async ({ name: _n, ...input }) => {
              env.set(await environmentsApi.update(name, { ...input, build: true }));
              setEditing(false);
            }}
          />
        </section>
      ) : (
        <section className="panel" aria-labelledby="req-title">
          <h2 id="req-title" className="panel__title">
            Requirements
          </h2>
          {data.requirements.trim() === '' ? (
            <p className="muted">None: the standard library only.</p>
          ) : (
            <pre className="code-block">{data.requirements}</pre>
          )}
        </section>
      )}
      <BuildLog env={data} onEnd={reload} />
      <ConfirmDialog
        open={deleting}
        title={`Delete ${name}?`}
        confirmLabel="Delete environment"
        danger
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await environmentsApi.remove(name);
          navigate(paths.environments(), { replace: true });
        }}
      >
        <p>Its venv and build logs are deleted. An environment that jobs use cannot be deleted.</p>
      </ConfirmDialog>
    </section>
  );
}
