import { exampleJobs } from '@sluice/dag';
import { memo, useCallback, useEffect, useState } from 'react';
import { jobsApi, realtimeApi } from '../api/endpoints.js';
import { errorMessage } from '../api/http.js';
import type { DeploymentSummary, JobList, JobView } from '../api/types.js';
import { usePageTitle } from '../lib/use-page-title.js';
import { useResource } from '../lib/use-resource.js';
import { deploymentLabel, deploymentTone } from '../realtime/realtime-format.js';
import { Link } from '../router/Link.js';
import { paths } from '../router/routes.js';
import { runLabel, runTone } from '../runs/run-format.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { EmptyState } from '../ui/EmptyState.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { Menu } from '../ui/Menu.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { Time } from '../ui/Time.js';
import { Toggle } from '../ui/Toggle.js';
import { ImportDialog } from './ImportDialog.js';

const EXAMPLES = Object.entries(exampleJobs()).map(([key, job]) => ({
  key,
  title: job.title,
  kind: job.kind,
}));
const POLL_MS = 10_000;

export function KindBadge({ kind }: { kind: JobView['kind'] }) {
  return (
    <span className={`kind-badge kind-badge--${kind}`} data-testid="job-kind">
      {kind === 'scheduled' ? 'Scheduled' : 'Real-time'}
    </span>
  );
}

export function ExamplesMenu({ label = 'New from example' }: { label?: string }) {
  return (
    <Menu label={label} testId="examples-menu">
      {EXAMPLES.map((e) => (
        <Link
          key={e.key}
          to={paths.newJob({ example: e.key })}
          className="menu__item"
          data-testid={`example-${e.key}`}
        >
          <span>{e.title}</span>
          <span className="muted small">{e.kind === 'scheduled' ? 'scheduled' : 'real-time'}</span>
        </Link>
      ))}
    </Menu>
  );
}

/** A real-time job's newest deployment: its state, since when, and the Flink Dashboard link. */
function DeploymentCell({ deployment }: { deployment: DeploymentSummary }) {
  const since = deployment.endedAt ?? deployment.runningSince ?? deployment.updatedAt;
  return (
    <span data-testid="job-realtime-state" title={deployment.lastError ?? undefined}>
      <StatusBadge tone={deploymentTone(deployment.state)} label={deploymentLabel(deployment.state)} />{' '}
      <span className="muted small">
        <Time iso={since} relative />
      </span>
    </span>
  );
}

const JobRow = memo(function JobRow({
  job,
  deployment,
  onToggle,
  onDelete,
  toggling,
}: {
  job: JobView;
  deployment: DeploymentSummary | undefined;
  onToggle: (job: JobView, enabled: boolean) => void;
  onDelete: (job: JobView) => void;
  toggling: boolean;
}) {
  const schedule = job.schedule;
  const next = schedule?.enabled ? schedule.nextFireTimes[0] : undefined;
  return (
    <tr data-testid="job-row" data-job={job.name}>
      <td>
        <Link to={paths.job(job.name)} className="table__primary" data-testid="job-link">
          {job.name}
        </Link>
        {job.title && <div className="muted small">{job.title}</div>}
      </td>
      <td>
        <KindBadge kind={job.kind} />
      </td>
      <td>
        {schedule ? (
          <div className="schedule-cell">
            <Toggle
              checked={schedule.enabled}
              disabled={toggling}
              label={`Schedule of ${job.name} enabled`}
              onChange={(enabled) => onToggle(job, enabled)}
              testId="job-enabled"
            />
            <div>
              <code title={`in ${schedule.timezone}`}>{schedule.cron}</code>{' '}
              <span className="muted small">{schedule.timezone}</span>
              <div className="small" data-testid="job-next-fire">
                {next ? (
                  <>
                    next <Time iso={next} relative />{' '}
                    <span className="muted">
                      (<Time iso={next} timeZone={schedule.timezone} />)
                    </span>
                  </>
                ) : (
                  <span className="muted">paused</span>
                )}
              </div>
            </div>
          </div>
        ) : (
          <span className="muted small">runs continuously on Flink</span>
        )}
      </td>
      <td>
        {job.lastRun ? (
          <Link to={paths.run(job.lastRun.id)} className="plain-link" data-testid="job-last-run">
            <StatusBadge tone={runTone(job.lastRun.status)} label={runLabel(job.lastRun.status)} />{' '}
            <span className="muted small">
              <Time iso={job.lastRun.finishedAt ?? job.lastRun.createdAt} relative />
            </span>
          </Link>
        ) : deployment ? (
          <DeploymentCell deployment={deployment} />
        ) : (
          <span className="muted small">{job.kind === 'realtime' ? 'never started' : 'never run'}</span>
        )}
      </td>
      <td className="num" data-testid="job-version">
        v{job.version}
      </td>
      <td className="table__actions">
        <button
          type="button"
          className="button button--small button--danger-quiet"
          onClick={() => onDelete(job)}
          data-testid="job-delete"
        >
          Delete
        </button>
      </td>
    </tr>
  );
});

/** Every job with its schedule, next fire time and last run; create, import, enable/disable, delete. */
export function JobsPage() {
  usePageTitle('Jobs');
  const [search, setSearch] = useState('');
  const [settled, setSettled] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setSettled(search.trim()), 250);
    return () => clearTimeout(t);
  }, [search]);
  const list = useResource<JobList>(
    `jobs:${settled}`,
    (signal) => jobsApi.list({ search: settled || undefined, limit: 200 }, { signal }),
    { pollMs: POLL_MS },
  );
  // Real-time jobs show their deployment's state where scheduled jobs show their last run.
  const deployments = useResource<DeploymentSummary[]>(
    'realtime-deployments',
    (signal) => realtimeApi.deployments({ signal }),
    { pollMs: POLL_MS },
  );
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<JobView>();
  const [toggling, setToggling] = useState<ReadonlySet<string>>(new Set());
  const [actionError, setActionError] = useState<string>();

  const { data, set } = list;
  const onToggle = useCallback(
    async (job: JobView, enabled: boolean) => {
      setActionError(undefined);
      setToggling((s) => new Set(s).add(job.name));
      try {
        const updated = await jobsApi.setEnabled(job.name, enabled);
        if (data)
          set({
            ...data,
            items: data.items.map((j) => (j.name === updated.name ? { ...j, ...updated } : j)),
          });
      } catch (error) {
        setActionError(`Could not ${enabled ? 'enable' : 'disable'} ${job.name}: ${errorMessage(error)}`);
      } finally {
        setToggling((s) => {
          const next = new Set(s);
          next.delete(job.name);
          return next;
        });
      }
    },
    [data, set],
  );
  const onDelete = useCallback((job: JobView) => setDeleting(job), []);
  const items = list.data?.items ?? [];
  const deploymentOf = new Map((deployments.data ?? []).map((d) => [d.job, d]));
  const nothingYet = list.data !== undefined && list.data.total === 0 && settled === '';

  return (
    <section className="page" aria-labelledby="jobs-title" data-testid="jobs-page">
      <div className="page__header">
        <div>
          <h1 id="jobs-title">Jobs</h1>
          <p className="page__lede">Pipelines that run on a schedule, or continuously on Flink.</p>
        </div>
        <div className="page__actions">
          <button
            type="button"
            className="button"
            onClick={() => setImporting(true)}
            data-testid="import-jobs"
          >
            Import…
          </button>
          <ExamplesMenu />
          <Link to={paths.newJob()} className="button button--primary" data-testid="new-job">
            New job
          </Link>
        </div>
      </div>

      {actionError && (
        <div className="alert" role="alert">
          {actionError}
        </div>
      )}
      {list.error && <ErrorAlert error={list.error} title="Jobs could not be loaded" />}

      {nothingYet ? (
        <EmptyState
          title="No jobs yet"
          testId="jobs-empty"
          actions={
            <>
              <Link to={paths.newJob()} className="button button--primary">
                New job
              </Link>
              <ExamplesMenu />
            </>
          }
        >
          Draw a pipeline from sources through Python steps to sinks, then run it on a schedule or on Flink.
          An example gets you there in a minute.
        </EmptyState>
      ) : (
        <>
          <div className="toolbar">
            <label className="search">
              <span className="visually-hidden">Search jobs by name</span>
              <input
                className="input"
                type="search"
                placeholder="Search by name…"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                data-testid="jobs-search"
              />
            </label>
            {list.data && (
              <span className="muted small">
                {list.data.total} job{list.data.total === 1 ? '' : 's'}
              </span>
            )}
          </div>
          <div className="table-wrap">
            <table className="table" data-testid="jobs-table" aria-busy={list.loading}>
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Schedule</th>
                  <th scope="col">Last run / state</th>
                  <th scope="col" className="num">
                    Version
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((job) => (
                  <JobRow
                    key={job.name}
                    job={job}
                    deployment={deploymentOf.get(job.name)}
                    onToggle={(j, enabled) => void onToggle(j, enabled)}
                    onDelete={onDelete}
                    toggling={toggling.has(job.name)}
                  />
                ))}
                {list.data && items.length === 0 && (
                  <tr>
                    <td colSpan={6} className="muted">
                      No job matches “{settled}”.
                    </td>
                  </tr>
                )}
                {list.loading && (
                  <tr>
                    <td colSpan={6} className="muted">
                      Loading jobs…
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </>
      )}

      <ImportDialog open={importing} onClose={() => setImporting(false)} onCreated={list.reload} />
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete ${deleting?.name ?? ''}?`}
        confirmLabel="Delete job"
        danger
        testId="delete-job-dialog"
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          if (!deleting) return;
          await jobsApi.remove(deleting.name);
          list.reload();
        }}
      >
        <p>
          This removes its schedule, cancels its waiting and running runs, and deletes its versions, runs,
          logs and stored secrets. It cannot be undone.
        </p>
        {deleting?.kind === 'realtime' && <p>Stop the job on Flink first if it is running.</p>}
      </ConfirmDialog>
    </section>
  );
}
