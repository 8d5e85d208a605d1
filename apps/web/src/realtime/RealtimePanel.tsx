import type { Job } from '@sluice/dag';
import { useEffect, useState } from 'react';
import { realtimeApi } from '../api/endpoints.js';
import type { LiveStatus, RealtimeStatus } from '../api/types.js';
import { formatCount, safeHttpUrl } from '../lib/format.js';
import { useResource } from '../lib/use-resource.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { ParameterChips } from '../ui/ParameterChips.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { Time } from '../ui/Time.js';
import { TracebackView } from '../ui/TracebackView.js';
import { deploymentLabel, deploymentTone, realtimeActions, realtimePollMs } from './realtime-format.js';
import { ScriptPreview } from './ScriptPreview.js';
import { StartDialog } from './StartDialog.js';

function LiveDetails({ live }: { live: LiveStatus }) {
  if (!live.reachable) {
    return (
      <p className="muted" data-testid="flink-unreachable">
        Flink could not be asked for live figures{live.error ? `: ${live.error}` : ''}.
      </p>
    );
  }
  const cp = live.checkpoints;
  return (
    <>
      {live.vertices && live.vertices.length > 0 && (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="vertices">
            <caption className="panel__subtitle">Records per vertex</caption>
            <thead>
              <tr>
                <th scope="col">Vertex</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Parallelism
                </th>
                <th scope="col" className="num">
                  Records in
                </th>
                <th scope="col" className="num">
                  Records out
                </th>
              </tr>
            </thead>
            <tbody>
              {live.vertices.map((v) => (
                <tr key={v.id}>
                  <td className="vertex-name" title={v.name}>
                    {v.name}
                  </td>
                  <td>{v.status}</td>
                  <td className="num">{v.parallelism}</td>
                  <td className="num">{formatCount(v.recordsIn)}</td>
                  <td className="num">{formatCount(v.recordsOut)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cp && (
        <dl className="facts" data-testid="checkpoints">
          <div>
            <dt>Checkpoints</dt>
            <dd>
              {cp.counts.completed} completed · {cp.counts.failed} failed · {cp.counts.inProgress} in progress
            </dd>
          </div>
          <div>
            <dt>Latest checkpoint</dt>
            <dd>
              {cp.latestCompleted ? (
                <>
                  #{cp.latestCompleted.id} <Time iso={cp.latestCompleted.at} relative />
                </>
              ) : (
                '—'
              )}
            </dd>
          </div>
          <div>
            <dt>Latest savepoint</dt>
            <dd>
              {cp.latestSavepoint ? (
                <code>{cp.latestSavepoint.path ?? `#${cp.latestSavepoint.id}`}</code>
              ) : (
                '—'
              )}
            </dd>
          </div>
          {cp.latestRestored && (
            <div>
              <dt>Restored from</dt>
              <dd>
                <code>{cp.latestRestored.path ?? `#${cp.latestRestored.id}`}</code>
              </dd>
            </div>
          )}
          {cp.latestFailure && (
            <div>
              <dt>Last checkpoint failure</dt>
              <dd>
                <Time iso={cp.latestFailure.at} relative /> {cp.latestFailure.message}
              </dd>
            </div>
          )}
        </dl>
      )}
      {live.exception && (live.exception.summary || live.exception.pythonTraceback) && (
        <div className="alert" role="alert" data-testid="flink-exception">
          <p className="alert__title">
            Latest exception {live.exception.at && <Time iso={live.exception.at} relative />}
          </p>
          {live.exception.summary && <pre className="alert__pre">{live.exception.summary}</pre>}
          {live.exception.pythonTraceback && <TracebackView text={live.exception.pythonTraceback} />}
        </div>
      )}
    </>
  );
}

/**
 * A real-time job on Flink: state (kept true by the API's reconciler), Flink job id and Dashboard
 * link, start / stop with savepoint / cancel / restart, exceptions, checkpoints, records per vertex,
 * the generated script, savepoints and history.
 */
export function RealtimePanel({
  jobName,
  job,
  version,
  dirty,
}: {
  jobName: string;
  job: Job;
  version: number;
  dirty: boolean;
}) {
  const status = useResource<RealtimeStatus>(
    `realtime:${jobName}`,
    (signal) => realtimeApi.status(jobName, { signal }),
    {
      pollMs: realtimePollMs,
    },
  );
  const savepoints = useResource(
    `savepoints:${jobName}`,
    (signal) => realtimeApi.savepoints(jobName, { signal }),
    {
      pollMs: 15_000,
    },
  );
  const history = useResource(`history:${jobName}`, (signal) => realtimeApi.history(jobName, { signal }), {
    pollMs: 15_000,
  });
  const [dialog, setDialog] = useState<'start' | 'restart' | 'stop' | 'cancel'>();
  const [notice, setNotice] = useState<string>();
  const [showScript, setShowScript] = useState(false);
  // The saved job decides what a stop does (the API reads the stored version, not unsaved edits).
  const withSavepoint = job.realtime?.savepointOnStop !== false;

  const data = status.data;
  const d = data?.deployment ?? null;
  // Every state change writes a history event and may add a savepoint: read both again then.
  const state = d?.state;
  const reloadHistory = history.reload;
  const reloadSavepoints = savepoints.reload;
  useEffect(() => {
    if (state === undefined) return;
    reloadHistory();
    reloadSavepoints();
  }, [state, reloadHistory, reloadSavepoints]);
  const actions = realtimeActions(data);
  const dashboard = safeHttpUrl(d?.dashboardUrl);
  const afterAction = (next: RealtimeStatus, message?: string) => {
    status.set(next);
    status.reload();
    savepoints.reload();
    history.reload();
    setNotice(message);
  };

  return (
    <section className="panel" aria-labelledby="realtime-title" data-testid="realtime-panel">
      <div className="panel__header">
        <h2 id="realtime-title" className="panel__title">
          On Flink{' '}
          {d ? (
            <StatusBadge
              tone={deploymentTone(d.state)}
              label={deploymentLabel(d.state)}
              testId="deployment-state"
            />
          ) : (
            data && <StatusBadge tone="unknown" label="Never started" testId="deployment-state" />
          )}
        </h2>
        <div className="page__actions">
          {dashboard && (
            <a
              className="button"
              href={dashboard}
              target="_blank"
              rel="noreferrer"
              data-testid="dashboard-link"
            >
              Open in Flink Dashboard <span aria-hidden="true">↗</span>
            </a>
          )}
          {actions.start && (
            <button
              type="button"
              className="button button--primary"
              onClick={() => setDialog('start')}
              data-testid="realtime-start"
            >
              Start…
            </button>
          )}
          {actions.stop && (
            <button
              type="button"
              className="button"
              onClick={() => setDialog('stop')}
              data-testid="realtime-stop"
            >
              {withSavepoint ? 'Stop with savepoint' : 'Stop'}
            </button>
          )}
          {actions.restart && d && (
            <button
              type="button"
              className="button"
              onClick={() => setDialog('restart')}
              data-testid="realtime-restart"
            >
              Restart…
            </button>
          )}
          {actions.cancel && (
            <button
              type="button"
              className="button button--danger-quiet"
              onClick={() => setDialog('cancel')}
              data-testid="realtime-cancel"
            >
              Cancel
            </button>
          )}
        </div>
      </div>
      {dirty && <p className="notice">The editor has unsaved changes: Flink runs saved versions only.</p>}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {status.error && <ErrorAlert error={status.error} title="The status could not be read" />}
      {data && !d && (
        <p className="muted">
          This job has not been started. Preview the script below, then start it; its state is then kept true
          whether or not anyone looks.
        </p>
      )}
      {d && (
        <dl className="facts" data-testid="deployment-facts">
          <div>
            <dt>Version</dt>
            <dd>
              v{d.version}
              {d.version !== data?.currentVersion && (
                <span className="muted small"> (v{data?.currentVersion} is saved: restart to deploy it)</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Flink job</dt>
            <dd>
              {d.flinkJobId ? <code data-testid="flink-job-id">{d.flinkJobId}</code> : '—'}
              {d.flinkState && <span className="muted small"> {d.flinkState}</span>}
            </dd>
          </div>
          <div>
            <dt>Running since</dt>
            <dd>
              <Time iso={d.runningSince} relative />
            </dd>
          </div>
          <div>
            <dt>Restarts</dt>
            <dd>
              {d.restarts}
              {d.autoRestart.enabled && (
                <span className="muted small">
                  {' '}
                  (automatic: {d.autoRestart.attempts} of {d.autoRestart.maxAttempts}
                  {d.autoRestart.nextRestartAt && (
                    <>
                      , next <Time iso={d.autoRestart.nextRestartAt} relative />
                    </>
                  )}
                  )
                </span>
              )}
            </dd>
          </div>
          {d.restoredFrom && (
            <div>
              <dt>Restored from</dt>
              <dd>
                <code>{d.restoredFrom}</code>
              </dd>
            </div>
          )}
          {d.savepointPath && (
            <div>
              <dt>Last stop savepoint</dt>
              <dd>
                <code>{d.savepointPath}</code>
              </dd>
            </div>
          )}
          <ParameterChips values={d.parameters} />
          <div>
            <dt>Observed</dt>
            <dd>
              <Time iso={d.observedAt} relative />
              {d.lostSince && (
                <span className="muted small">
                  {' '}
                  · lost since <Time iso={d.lostSince} relative />
                </span>
              )}
            </dd>
          </div>
        </dl>
      )}
      {d?.lastError && (
        <div className="alert" role="alert" data-testid="deployment-error">
          <p className="alert__title">
            Last error {d.lastError.at && <Time iso={d.lastError.at} relative />}
          </p>
          <pre className="alert__pre">{d.lastError.message}</pre>
          {d.lastError.pythonTraceback && <TracebackView text={d.lastError.pythonTraceback} />}
        </div>
      )}
      {data?.live && <LiveDetails live={data.live} />}

      <section className="subpanel" aria-labelledby="script-title">
        <div className="subpanel__header">
          <h3 id="script-title" className="panel__subtitle">
            Generated script
          </h3>
          <button
            type="button"
            className="button button--small"
            aria-expanded={showScript}
            onClick={() => setShowScript((s) => !s)}
            data-testid="script-toggle"
          >
            {showScript ? 'Hide script' : 'Preview script'}
          </button>
        </div>
        {showScript && <ScriptPreview jobName={jobName} version={version} />}
      </section>

      <section className="subpanel" aria-labelledby="savepoints-title">
        <h3 id="savepoints-title" className="panel__subtitle">
          Savepoints and retained checkpoints
        </h3>
        {savepoints.error && <ErrorAlert error={savepoints.error} />}
        {savepoints.data && savepoints.data.length === 0 && <p className="muted small">None yet.</p>}
        {savepoints.data && savepoints.data.length > 0 && (
          <div className="table-wrap">
            <table className="table table--compact" data-testid="savepoints">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Taken</th>
                  <th scope="col">Version</th>
                  <th scope="col">Path</th>
                </tr>
              </thead>
              <tbody>
                {savepoints.data.map((s) => (
                  <tr key={s.path} className={s.available ? undefined : 'row--gone'}>
                    <td>{s.kind}</td>
                    <td>
                      <Time iso={s.createdAt} />
                    </td>
                    <td>v{s.jobVersion}</td>
                    <td>
                      <code className="break">{s.path}</code>
                      {!s.available && <span className="muted small"> (files gone)</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="subpanel" aria-labelledby="history-title">
        <h3 id="history-title" className="panel__subtitle">
          History
        </h3>
        {history.data && history.data.length === 0 && <p className="muted small">Nothing happened yet.</p>}
        {history.data && history.data.length > 0 && (
          <ol className="timeline" data-testid="history">
            {history.data.map((e) => (
              <li key={e.id} className="timeline__item">
                <Time iso={e.at} /> <strong>{e.type}</strong>
                {e.fromState && e.toState && (
                  <span className="muted">
                    {' '}
                    {e.fromState} → {e.toState}
                  </span>
                )}
                {e.message && <div className="small">{e.message}</div>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <StartDialog
        open={dialog === 'start' || dialog === 'restart'}
        mode={dialog === 'restart' ? 'restart' : 'start'}
        onClose={() => setDialog(undefined)}
        onDone={(next) =>
          afterAction(next, dialog === 'restart' ? 'Restart requested.' : 'Submitted to Flink.')
        }
        jobName={jobName}
        job={job}
        version={version}
        savepoints={savepoints.data ?? []}
      />
      <ConfirmDialog
        open={dialog === 'stop'}
        title={withSavepoint ? `Stop ${jobName} with a savepoint?` : `Stop ${jobName}?`}
        confirmLabel="Stop"
        onClose={() => setDialog(undefined)}
        onConfirm={async () => {
          const result = await realtimeApi.stop(jobName);
          afterAction(
            result.status,
            result.stoppedWith === 'cancel'
              ? 'Cancelled without a savepoint (the job’s setting).'
              : result.savepointPath
                ? `Stopped. Savepoint: ${result.savepointPath}`
                : 'Stopping: the savepoint is still being written.',
          );
        }}
      >
        {withSavepoint ? (
          <p>Flink takes a savepoint and stops the job; starting again with “latest” resumes from it.</p>
        ) : (
          <p>
            This job is set to stop without a savepoint: it is cancelled, and its state survives only in
            retained checkpoints.
          </p>
        )}
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'cancel'}
        title={`Cancel ${jobName}?`}
        confirmLabel="Cancel job"
        danger
        onClose={() => setDialog(undefined)}
        onConfirm={async () => {
          afterAction(await realtimeApi.cancel(jobName), 'Cancel requested.');
        }}
      >
        <p>Cancels without a savepoint: state survives only in retained checkpoints.</p>
      </ConfirmDialog>
    </section>
  );
}
