import type { Graph } from '@sluice/dag';
import { useState } from 'react';
import { jobsApi, runsApi } from '../api/endpoints.js';
import type { NodeRun, Run } from '../api/types.js';
import { formatCount, formatDuration } from '../lib/format.js';
import { usePageTitle } from '../lib/use-page-title.js';
import { useResource } from '../lib/use-resource.js';
import { Link } from '../router/Link.js';
import { paths } from '../router/routes.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { ParameterChips } from '../ui/ParameterChips.js';
import { ProgressBar } from '../ui/ProgressBar.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { Time } from '../ui/Time.js';
import { LogView } from './LogView.js';
import { RunDag } from './RunDag.js';
import { isActive, runLabel, runProgress, runTone, triggerLabel } from './run-format.js';
import { useRunLog } from './use-run-log.js';

const KIND_RANK = { source: 0, python: 1, sink: 2 } as const;

/** Nodes in the order of the pipeline (the graph's order when known), sources first otherwise. */
function orderNodes(nodes: readonly NodeRun[], graph: Graph | undefined): NodeRun[] {
  const index = new Map(graph?.nodes.map((n, i) => [n.id, i]));
  return [...nodes].sort(
    (a, b) =>
      (index.get(a.nodeId) ?? Number.MAX_SAFE_INTEGER) - (index.get(b.nodeId) ?? Number.MAX_SAFE_INTEGER) ||
      KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
      a.name.localeCompare(b.name),
  );
}

function NodeTable({ run, graph }: { run: Run; graph: Graph | undefined }) {
  const nodes = orderNodes(run.nodes ?? [], graph);
  if (nodes.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table table--compact" data-testid="node-stats">
        <caption className="visually-hidden">Per-node statistics</caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Records in
            </th>
            <th scope="col" className="num">
              Records out
            </th>
            <th scope="col" className="num">
              Batches
            </th>
            <th scope="col" className="num">
              Busy
            </th>
            <th scope="col" className="num">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={n.nodeId} data-testid="node-stat" data-node-id={n.nodeId} data-status={n.status}>
              <td>
                <span className={`kind-dot kind-dot--${n.kind}`} aria-hidden="true" /> {n.name}{' '}
                <span className="muted small">{n.kind}</span>
              </td>
              <td>{n.status}</td>
              <td className="num" data-testid="stat-in">
                {n.kind === 'source' ? '—' : formatCount(n.recordsIn)}
              </td>
              <td className="num" data-testid="stat-out">
                {formatCount(n.recordsOut)}
              </td>
              <td className="num">
                {n.batchesIn} / {n.batchesOut}
              </td>
              <td className="num">{formatDuration(n.busyMs)}</td>
              <td className="num">{formatDuration(n.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One run: status and timings, the DAG coloured by node status with record counts, progress while
 * it runs, the live log, and cancel.
 */
export function RunPage({ id }: { id: number }) {
  usePageTitle(`Run #${id}`);
  const run = useResource(`run:${id}`, (signal) => runsApi.get(id, { signal }), {
    pollMs: (r) => (r === undefined || isActive(r.status) ? 1_000 : undefined),
  });
  const data = run.data;
  const versionKey = data?.jobName ? `version:${data.jobName}:${data.version}` : null;
  const version = useResource(versionKey, (signal) =>
    jobsApi.version(data?.jobName ?? '', data?.version ?? 0, { signal }),
  );
  const log = useRunLog(id, () => run.reload());
  const [cancelling, setCancelling] = useState(false);

  if (run.error && !data) {
    return (
      <section className="page">
        <ErrorAlert error={run.error} title={`Run #${id} could not be loaded`} />
        <Link to={paths.runs()}>All runs</Link>
      </section>
    );
  }
  if (!data) return <p className="loading page">Loading run #{id}…</p>;

  const active = isActive(data.status);
  const progress = runProgress(data);
  return (
    <section className="page" aria-labelledby="run-title" data-testid="run-page" data-status={data.status}>
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to={paths.runs()}>Runs</Link>
        {data.jobName && (
          <>
            {' / '}
            <Link to={paths.job(data.jobName, 'runs')}>{data.jobName}</Link>
          </>
        )}
      </nav>
      <div className="page__header">
        <div>
          <h1 id="run-title">
            Run #{data.id}{' '}
            <StatusBadge tone={runTone(data.status)} label={runLabel(data.status)} testId="run-status" />
          </h1>
          <p className="page__lede">
            {triggerLabel(data)} of{' '}
            {data.jobName ? <Link to={paths.job(data.jobName)}>{data.jobName}</Link> : 'a deleted job'}{' '}
            version {data.version}
            {data.cancelRequested && active && ' · cancel requested'}
          </p>
        </div>
        <div className="page__actions">
          {active && (
            <button
              type="button"
              className="button button--danger"
              onClick={() => setCancelling(true)}
              disabled={data.cancelRequested}
              data-testid="cancel-run"
            >
              {data.cancelRequested ? 'Cancelling…' : 'Cancel run'}
            </button>
          )}
        </div>
      </div>

      <dl className="facts" data-testid="run-facts">
        <div>
          <dt>Created</dt>
          <dd>
            <Time iso={data.createdAt} />
          </dd>
        </div>
        {data.scheduledFor && (
          <div>
            <dt>Tick</dt>
            <dd>
              <Time iso={data.scheduledFor} />
            </dd>
          </div>
        )}
        <div>
          <dt>Started</dt>
          <dd>
            <Time iso={data.startedAt} />
          </dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>
            <Time iso={data.finishedAt} />
          </dd>
        </div>
        <div>
          <dt>Waited</dt>
          <dd>{formatDuration(data.waitMs)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-testid="run-duration">{formatDuration(data.durationMs)}</dd>
        </div>
        {data.attempt > 1 && (
          <div>
            <dt>Attempt</dt>
            <dd>
              {data.attempt}
              {data.retryOf !== null && (
                <>
                  {' '}
                  (retry of <Link to={paths.run(data.retryOf)}>#{data.retryOf}</Link>)
                </>
              )}
            </dd>
          </div>
        )}
        <ParameterChips values={data.params} />
      </dl>

      {data.error && (
        <div
          className={`alert${data.status === 'CANCELLED' ? ' alert--warn' : ''}`}
          role="alert"
          data-testid="run-error"
        >
          <p className="alert__title">
            {runLabel(data.status)}
            {data.errorNode && ` in ${data.errorNode}`}
          </p>
          <pre className="alert__pre">{data.error}</pre>
        </div>
      )}

      <div className="run-progress" data-testid="run-progress" aria-live="polite">
        <ProgressBar
          value={progress.percent}
          label="Run progress"
          tone={
            data.status === 'SUCCEEDED'
              ? 'up'
              : active
                ? 'run'
                : data.status === 'CANCELLED'
                  ? 'warn'
                  : 'down'
          }
          testId="run-progress-bar"
        />
        <span className="small">
          {active
            ? data.status !== 'RUNNING'
              ? 'Waiting for a worker…'
              : progress.total === 0
                ? 'Running: per-node figures arrive as the first batches complete'
                : `${progress.done} of ${progress.total} nodes finished · ${formatCount(progress.written)} records written so far`
            : `${formatCount(progress.written)} records written`}
        </span>
      </div>

      {version.data ? (
        <RunDag graph={version.data.document.graph} nodes={data.nodes ?? []} />
      ) : version.error ? (
        <p className="muted">
          The pipeline of version {data.version} could not be loaded: {version.error.message}
        </p>
      ) : null}
      <NodeTable run={data} graph={version.data?.document.graph} />

      <LogView lines={log.lines} state={log.state} dropped={log.dropped} fileName={`run-${data.id}.log`} />

      <ConfirmDialog
        open={cancelling}
        title={`Cancel run #${data.id}?`}
        confirmLabel="Cancel run"
        danger
        onClose={() => setCancelling(false)}
        onConfirm={async () => {
          run.set(await runsApi.cancel(data.id));
        }}
      >
        <p>
          A waiting run is cancelled at once; a running one stops within seconds. Records already written stay
          written.
        </p>
      </ConfirmDialog>
    </section>
  );
}
