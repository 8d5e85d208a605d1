import { memo } from 'react';
import type { Run } from '../api/types.js';
import { formatDuration } from '../lib/format.js';
import { Link } from '../router/Link.js';
import { paths } from '../router/routes.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { Time } from '../ui/Time.js';
import { runLabel, runTone, triggerLabel } from './run-format.js';

const RunRow = memo(function RunRow({ run, showJob }: { run: Run; showJob: boolean }) {
  return (
    <tr data-testid="run-row" data-run-id={run.id} data-status={run.status}>
      <td>
        <Link to={paths.run(run.id)} className="table__primary" data-testid="run-link">
          #{run.id}
        </Link>
      </td>
      {showJob && (
        <td>
          {run.jobName ? (
            <Link to={paths.job(run.jobName, 'runs')}>{run.jobName}</Link>
          ) : (
            <span className="muted">deleted job</span>
          )}
        </td>
      )}
      <td>
        <StatusBadge tone={runTone(run.status)} label={runLabel(run.status)} testId="run-status" />
        {run.error && (
          <div className="small run-error-line" title={run.error}>
            {run.errorNode ? `${run.errorNode}: ` : ''}
            {run.error.split('\n')[0]}
          </div>
        )}
      </td>
      <td>
        {triggerLabel(run)}
        {run.scheduledFor && (
          <div className="muted small">
            tick <Time iso={run.scheduledFor} />
          </div>
        )}
      </td>
      <td className="num">v{run.version}</td>
      <td>
        <Time iso={run.startedAt ?? run.createdAt} relative />
      </td>
      <td
        className="num"
        title={run.waitMs !== null ? `waited ${formatDuration(run.waitMs)} in the queue` : undefined}
      >
        {formatDuration(run.durationMs)}
      </td>
    </tr>
  );
});

/** Runs, newest first: status, trigger, version and timings; each links to its page. */
export function RunsTable({
  runs,
  showJob = true,
  loading = false,
  empty = 'No runs yet.',
}: {
  runs: readonly Run[];
  showJob?: boolean;
  loading?: boolean;
  empty?: string;
}) {
  const columns = showJob ? 7 : 6;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="runs-table" aria-busy={loading}>
        <thead>
          <tr>
            <th scope="col">Run</th>
            {showJob && <th scope="col">Job</th>}
            <th scope="col">Status</th>
            <th scope="col">Trigger</th>
            <th scope="col" className="num">
              Version
            </th>
            <th scope="col">Started</th>
            <th scope="col" className="num">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <RunRow key={run.id} run={run} showJob={showJob} />
          ))}
          {runs.length === 0 && (
            <tr>
              <td colSpan={columns} className="muted">
                {loading ? 'Loading runs…' : empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
