import { ExportError, exampleJobs, exportJobJson, exportSreworksPackage, type Job } from '@sluice/dag';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { jobsApi } from '../api/endpoints.js';
import { ApiError, errorMessage } from '../api/http.js';
import type { JobView } from '../api/types.js';
import { EditorStoreContext } from '../editor/editor-context.js';
import { createEditorStore, type EditorStore } from '../editor/editor-store.js';
import { fromApi } from '../editor/issues.js';
import { JobEditor } from '../editor/JobEditor.js';
import { blankJob, takeDraft } from '../editor/job-defaults.js';
import { useCanvasValidation } from '../editor/use-canvas-validation.js';
import { downloadFile } from '../lib/download.js';
import { uniqueSlug } from '../lib/format.js';
import { usePageTitle } from '../lib/use-page-title.js';
import { useResource } from '../lib/use-resource.js';
import { RealtimePanel } from '../realtime/RealtimePanel.js';
import { navigate, useNavigationBlocker } from '../router/history.js';
import { Link } from '../router/Link.js';
import { type JobTab, paths, type Route } from '../router/routes.js';
import { RunNowDialog } from '../runs/RunNowDialog.js';
import { RunsTable } from '../runs/RunsTable.js';
import { isActive } from '../runs/run-format.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { Menu } from '../ui/Menu.js';
import { Tabs } from '../ui/Tabs.js';
import { VersionsPanel } from '../versions/VersionsPanel.js';
import { KindBadge } from './JobsPage.js';

type JobRoute = Extract<Route, { page: 'job' | 'job-new' }>;

/** The job a new-job route starts from: an imported draft, an example, or a blank job. */
function initialJob(route: JobRoute): { job: Job; dirty: boolean; missing?: string } {
  if (route.page === 'job') return { job: blankJob(), dirty: false };
  if (route.draft) {
    const job = takeDraft(route.draft);
    return job
      ? { job, dirty: true }
      : { job: blankJob(), dirty: false, missing: 'The imported draft is gone (it lives in this tab only).' };
  }
  if (route.example) {
    const examples = exampleJobs() as Record<string, Job>;
    const job = examples[route.example];
    return job
      ? { job, dirty: false }
      : { job: blankJob(), dirty: false, missing: `There is no example '${route.example}'.` };
  }
  return { job: blankJob(), dirty: false };
}

function JobRunsPanel({ view, onRunNow }: { view: JobView; onRunNow: () => void }) {
  const runs = useResource(
    `job-runs:${view.name}`,
    (signal) => jobsApi.runs(view.name, { limit: 50 }, { signal }),
    {
      pollMs: (list) => (list?.some((r) => isActive(r.status)) ? 2_000 : 10_000),
    },
  );
  return (
    <section className="panel" aria-labelledby="job-runs-title" data-testid="job-runs">
      <div className="panel__header">
        <h2 id="job-runs-title" className="panel__title">
          Runs
        </h2>
        <div className="page__actions">
          <Link to={paths.runs({ job: view.name })} className="button">
            All runs of this job
          </Link>
          <button type="button" className="button button--primary" onClick={onRunNow}>
            Run now…
          </button>
        </div>
      </div>
      {runs.error && <ErrorAlert error={runs.error} />}
      <RunsTable
        runs={runs.data ?? []}
        showJob={false}
        loading={runs.loading}
        empty="No runs yet: run it now, or wait for its schedule."
      />
    </section>
  );
}

function ExportMenu({ store }: { store: EditorStore }) {
  const [error, setError] = useState<string>();
  const exportAs = (format: 'json' | 'zip') => {
    setError(undefined);
    const job = store.getState().job;
    const base = job.name || 'job';
    try {
      if (format === 'json') downloadFile(`${base}.json`, exportJobJson(job), 'application/json');
      else downloadFile(`${base}.zip`, new Uint8Array(exportSreworksPackage(job)), 'application/zip');
    } catch (e) {
      setError(e instanceof ExportError ? `Cannot export: ${e.message}` : errorMessage(e));
    }
  };
  return (
    <>
      <Menu label="Export" testId="export-menu">
        <button
          type="button"
          className="menu__item"
          onClick={() => exportAs('json')}
          data-testid="export-json"
        >
          <span>Native JSON</span>
          <span className="muted small">.json, imports back exactly</span>
        </button>
        <button type="button" className="menu__item" onClick={() => exportAs('zip')} data-testid="export-zip">
          <span>SREWorks job package</span>
          <span className="muted small">.zip</span>
        </button>
      </Menu>
      {error && (
        <p className="form-error page__actions-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/**
 * A job: the pipeline editor (new or saved), and for a saved job its runs, its real-time status
 * and its versions. Saving validates on the API and makes a new immutable version.
 */
export function JobPage({ route }: { route: JobRoute }) {
  const name = route.page === 'job' ? route.name : undefined;
  const tab: JobTab = route.page === 'job' ? route.tab : 'pipeline';
  const [start] = useState(() => initialJob(route));
  const [store] = useState(() => createEditorStore(start.job, null, { dirty: start.dirty }));
  useCanvasValidation(store);

  const view = useResource<JobView>(name ? `job:${name}` : null, (signal) =>
    jobsApi.get(name ?? '', { signal }),
  );
  const [loadedVersion, setLoadedVersion] = useState<number>();
  useEffect(() => {
    // The draft follows the saved job once, when it arrives; later polls must not overwrite edits.
    if (view.data && loadedVersion === undefined) {
      store.getState().load(view.data.job, { name: view.data.name, version: view.data.version });
      setLoadedVersion(view.data.version);
    }
  }, [view.data, loadedVersion, store]);

  // A new job from an example gets the first free variant of the example's name.
  const example = route.page === 'job-new' ? route.example : undefined;
  useEffect(() => {
    if (!example || start.missing) return;
    const base = start.job.name;
    const controller = new AbortController();
    jobsApi
      .list({ search: base, limit: 500 }, { signal: controller.signal })
      .then((list) => {
        const name = uniqueSlug(base, new Set(list.items.map((j) => j.name)));
        if (name !== base) store.getState().load({ ...store.getState().job, name }, null);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [example, start, store]);

  const job = useStore(store, (s) => s.job);
  const dirty = useStore(store, (s) => s.dirty);
  const persisted = useStore(store, (s) => s.persisted);
  usePageTitle(name ?? (job.name ? `New job ${job.name}` : 'New job'));
  useNavigationBlocker(dirty ? 'Leave this job? Your changes are not saved.' : undefined);

  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [runNow, setRunNow] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const save = useCallback(async () => {
    const { job: draft, persisted: saved } = store.getState();
    setSaving(true);
    setSaveError(undefined);
    setNotice(undefined);
    try {
      const result = saved ? await jobsApi.update(saved.name, draft) : await jobsApi.create(draft);
      store.getState().markSaved(result.job, result.version);
      const warnings = result.warnings?.length ?? 0;
      setNotice(
        `${result.versionCreated === false ? `No changes: still version ${result.version}` : `Saved version ${result.version}`}${warnings > 0 ? ` with ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}.`,
      );
      if (saved) {
        view.set(result);
        setLoadedVersion(result.version);
      } else {
        navigate(paths.job(result.name), { replace: true });
      }
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0)
        store.getState().setServerIssues(fromApi(error.issues));
      setSaveError(
        error instanceof ApiError && error.status === 409 && !saved
          ? new ApiError(
              `A job named '${draft.name}' already exists: choose another name in the job settings.`,
              409,
            )
          : error,
      );
    } finally {
      setSaving(false);
    }
  }, [store, view]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        if (!saving) void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save, saving]);

  const tabs = useMemo(() => {
    if (!name || !view.data) return [];
    const list = [{ id: 'pipeline', label: 'Pipeline', href: paths.job(name) }];
    if (view.data.kind === 'scheduled')
      list.push({ id: 'runs', label: 'Runs', href: paths.job(name, 'runs') });
    else list.push({ id: 'realtime', label: 'Real-time', href: paths.job(name, 'realtime') });
    list.push({ id: 'versions', label: 'Versions', href: paths.job(name, 'versions') });
    return list;
  }, [name, view.data]);

  if (name && view.error && !view.data) {
    return (
      <section className="page">
        <ErrorAlert
          error={view.error}
          title={
            view.error instanceof ApiError && view.error.status === 404
              ? `There is no job '${name}'`
              : `Job '${name}' could not be loaded`
          }
        />
        <Link to={paths.jobs()}>All jobs</Link>
      </section>
    );
  }
  if (name && loadedVersion === undefined) return <p className="page loading">Loading {name}…</p>;

  const saved = view.data;
  const serverIssues = saveError instanceof ApiError ? saveError.issues.length : 0;
  return (
    <EditorStoreContext.Provider value={store}>
      <section
        className="page page--job"
        aria-labelledby="job-title"
        data-testid="job-page"
        data-dirty={dirty}
      >
        <nav className="breadcrumbs" aria-label="Breadcrumbs">
          <Link to={paths.jobs()}>Jobs</Link> / {persisted?.name ?? 'new'}
        </nav>
        <div className="page__header">
          <div>
            <h1 id="job-title">
              {job.title || job.name || 'New job'} <KindBadge kind={job.kind} />
            </h1>
            <p className="page__lede">
              {persisted ? (
                <>
                  <code>{persisted.name}</code> · version{' '}
                  <span data-testid="job-version">{persisted.version}</span>
                </>
              ) : (
                'Not saved yet'
              )}
              {dirty && (
                <span className="unsaved" data-testid="unsaved">
                  {' '}
                  · unsaved changes
                </span>
              )}
            </p>
          </div>
          <div className="page__actions">
            {saved && saved.kind === 'scheduled' && (
              <button type="button" className="button" onClick={() => setRunNow(true)} data-testid="run-now">
                Run now…
              </button>
            )}
            <ExportMenu store={store} />
            {saved && (
              <button
                type="button"
                className="button button--danger-quiet"
                onClick={() => setDeleting(true)}
                data-testid="delete-job"
              >
                Delete
              </button>
            )}
            <button
              type="button"
              className="button button--primary"
              onClick={() => void save()}
              disabled={saving || (persisted !== null && !dirty)}
              title="Save (Ctrl+S)"
              data-testid="save-job"
            >
              {saving ? 'Saving…' : persisted ? 'Save' : 'Create job'}
            </button>
          </div>
        </div>
        {start.missing && <div className="alert">{start.missing}</div>}
        {notice && (
          <p className="notice" role="status" data-testid="save-notice">
            {notice}
          </p>
        )}
        {saveError !== undefined && (
          <div className="alert" role="alert" data-testid="save-error">
            <p className="alert__title">Not saved</p>
            <p>
              {errorMessage(saveError)}
              {serverIssues > 0 &&
                ` The ${serverIssues} problem${serverIssues === 1 ? ' is' : 's are'} listed under the canvas.`}
            </p>
          </div>
        )}
        {tabs.length > 0 && <Tabs tabs={tabs} current={tab} label="Job sections" />}

        {tab === 'pipeline' && <JobEditor />}
        {tab === 'runs' && saved && <JobRunsPanel view={saved} onRunNow={() => setRunNow(true)} />}
        {tab === 'realtime' && saved && (
          <RealtimePanel jobName={saved.name} job={saved.job} version={saved.version} dirty={dirty} />
        )}
        {tab === 'versions' && saved && (
          <VersionsPanel
            jobName={saved.name}
            currentVersion={saved.version}
            job={saved.job}
            onOpen={(old, version) => {
              store.getState().load(old, { name: saved.name, version: saved.version }, { dirty: true });
              setNotice(`Opened version ${version} in the editor: save it to make it the newest version.`);
              navigate(paths.job(saved.name), { replace: true });
            }}
          />
        )}

        {saved && (
          <RunNowDialog
            open={runNow}
            onClose={() => setRunNow(false)}
            jobName={saved.name}
            version={saved.version}
            parameters={saved.job.parameters}
            secrets={saved.secrets}
          />
        )}
        {saved && (
          <ConfirmDialog
            open={deleting}
            title={`Delete ${saved.name}?`}
            confirmLabel="Delete job"
            danger
            onClose={() => setDeleting(false)}
            onConfirm={async () => {
              await jobsApi.remove(saved.name);
              store.getState().load(store.getState().job, null);
              navigate(paths.jobs(), { replace: true });
            }}
          >
            <p>
              This removes its schedule, cancels its runs, and deletes its versions, runs, logs and stored
              secrets.
            </p>
          </ConfirmDialog>
        )}
      </section>
    </EditorStoreContext.Provider>
  );
}
