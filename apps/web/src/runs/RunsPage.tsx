import { useEffect, useState } from 'react';
import { runsApi } from '../api/endpoints.js';
import { errorMessage } from '../api/http.js';
import { RUN_STATUSES, type Run, type RunStatus } from '../api/types.js';
import { usePageTitle } from '../lib/use-page-title.js';
import { useResource } from '../lib/use-resource.js';
import { navigate } from '../router/history.js';
import { paths, type Route } from '../router/routes.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { RunsTable } from './RunsTable.js';
import { isActive, runLabel } from './run-format.js';

const PAGE = 50;

/** Every run, newest first, filtered by job and status (kept in the URL); older pages on demand. */
export function RunsPage({ route }: { route: Extract<Route, { page: 'runs' }> }) {
  usePageTitle('Runs');
  const status = RUN_STATUSES.includes(route.status as RunStatus) ? (route.status as RunStatus) : undefined;
  const [jobText, setJobText] = useState(route.job ?? '');
  useEffect(() => setJobText(route.job ?? ''), [route.job]);
  useEffect(() => {
    const t = setTimeout(() => {
      const job = jobText.trim() || undefined;
      if (job !== route.job) navigate(paths.runs({ job, status }), { replace: true });
    }, 400);
    return () => clearTimeout(t);
  }, [jobText, route.job, status]);

  const first = useResource(
    `runs:${route.job ?? ''}:${status ?? ''}`,
    (signal) => runsApi.list({ job: route.job, status, limit: PAGE }, { signal }),
    // Runs change while they run; a quiet list is refreshed less often.
    { pollMs: (runs) => (runs?.some((r) => isActive(r.status)) ? 2_000 : 10_000) },
  );
  const [older, setOlder] = useState<Run[]>([]);
  const [olderState, setOlderState] = useState<{ loading?: boolean; done?: boolean; error?: string }>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: other filters start from the first page again
  useEffect(() => {
    setOlder([]);
    setOlderState({});
  }, [route.job, status]);

  const firstPage = first.data ?? [];
  const runs = [...firstPage, ...older.filter((r) => !firstPage.some((f) => f.id === r.id))];
  const loadOlder = async () => {
    const last = runs[runs.length - 1];
    if (!last) return;
    setOlderState({ loading: true });
    try {
      const page = await runsApi.list({ job: route.job, status, limit: PAGE, before: last.id });
      setOlder((o) => [...o, ...page]);
      setOlderState({ done: page.length < PAGE });
    } catch (e) {
      setOlderState({ error: errorMessage(e) });
    }
  };

  return (
    <section className="page" aria-labelledby="runs-title" data-testid="runs-page">
      <div className="page__header">
        <div>
          <h1 id="runs-title">Runs</h1>
          <p className="page__lede">
            Every run of every scheduled job: on a tick, by hand, as a retry or a catch-up.
          </p>
        </div>
      </div>
      <div className="toolbar">
        <label className="inline-field">
          <span>Job</span>
          <input
            className="input"
            type="search"
            placeholder="job name"
            value={jobText}
            onChange={(e) => setJobText(e.target.value)}
            data-testid="runs-job-filter"
          />
        </label>
        <label className="inline-field">
          <span>Status</span>
          <select
            className="input"
            value={status ?? ''}
            onChange={(e) =>
              navigate(paths.runs({ job: route.job, status: e.target.value || undefined }), { replace: true })
            }
            data-testid="runs-status-filter"
          >
            <option value="">any</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {runLabel(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {first.error && <ErrorAlert error={first.error} title="Runs could not be loaded" />}
      <RunsTable runs={runs} loading={first.loading} empty="No runs match." />
      {firstPage.length === PAGE && !olderState.done && (
        <div className="more">
          <button
            type="button"
            className="button"
            onClick={() => void loadOlder()}
            disabled={olderState.loading}
          >
            {olderState.loading ? 'Loading…' : 'Older runs'}
          </button>
          {olderState.error && <span className="form-error">{olderState.error}</span>}
        </div>
      )}
    </section>
  );
}
