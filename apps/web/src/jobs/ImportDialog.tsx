import { formatPath, hasErrors } from '@sluice/dag';
import { type DragEvent, useId, useState } from 'react';
import { jobsApi } from '../api/endpoints.js';
import { ApiError, errorMessage } from '../api/http.js';
import { stashDraft } from '../editor/job-defaults.js';
import { navigate } from '../router/history.js';
import { Link } from '../router/Link.js';
import { paths } from '../router/routes.js';
import { Dialog } from '../ui/Dialog.js';
import { IssueList } from '../ui/IssueList.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { type ImportedFile, readImportFiles } from './import-files.js';

const SHOWN_ISSUES = 12;

function FileResult({ file, onCreated }: { file: ImportedFile; onCreated: () => void }) {
  const [name, setName] = useState(file.job?.name ?? '');
  const [state, setState] = useState<{ busy?: boolean; error?: unknown; created?: string }>({});
  const [showAll, setShowAll] = useState(false);
  const errors = file.issues.filter((i) => i.severity === 'error').length;
  const shown = showAll ? file.issues : file.issues.slice(0, SHOWN_ISSUES);
  const job = file.job;

  const create = async () => {
    if (!job) return;
    setState({ busy: true });
    try {
      const view = await jobsApi.create({ ...job, name });
      setState({ created: view.name });
      onCreated();
    } catch (error) {
      setState({ error });
    }
  };

  return (
    <li className="import-file" data-testid="import-file" data-ok={file.ok}>
      <header className="import-file__header">
        <strong className="import-file__name">{file.fileName}</strong>
        <span className="muted small">
          {file.format === 'json'
            ? 'native JSON'
            : file.format === 'sreworks'
              ? 'SREWorks package'
              : 'unknown format'}
        </span>
        {job ? (
          errors === 0 ? (
            <StatusBadge tone="up" label="Ready" />
          ) : (
            <StatusBadge
              tone="warn"
              label={`${errors} error${errors === 1 ? '' : 's'} to fix in the editor`}
            />
          )
        ) : (
          <StatusBadge tone="down" label="Cannot be imported" />
        )}
      </header>
      {file.issues.length > 0 && (
        <ul className="import-file__issues" data-testid="import-issues">
          {shown.map((issue, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a static list
            <li key={i} className={`field__message field__message--${issue.severity}`}>
              <span className="visually-hidden">{issue.severity}: </span>
              {issue.file && <code>{issue.file}</code>} {issue.message}
              {issue.path.length > 0 && <code className="muted"> {formatPath(issue.path)}</code>}
            </li>
          ))}
          {!showAll && file.issues.length > SHOWN_ISSUES && (
            <li>
              <button type="button" className="link-button" onClick={() => setShowAll(true)}>
                Show {file.issues.length - SHOWN_ISSUES} more
              </button>
            </li>
          )}
        </ul>
      )}
      {job && !state.created && (
        <div className="import-file__actions">
          <label className="inline-field">
            <span>Job name</span>
            <input
              className="input input--mono"
              value={name}
              spellCheck={false}
              onChange={(e) => setName(e.target.value)}
              data-testid="import-name"
            />
          </label>
          <button
            type="button"
            className="button button--primary"
            disabled={state.busy || hasErrors(file.issues.filter((i) => i.file === undefined)) || name === ''}
            onClick={() => void create()}
            data-testid="import-create"
          >
            {state.busy ? 'Creating…' : 'Create job'}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => navigate(paths.newJob({ draft: stashDraft({ ...job, name }) }))}
            data-testid="import-open"
          >
            Open in editor
          </button>
        </div>
      )}
      {state.created && (
        <p className="import-file__done" role="status">
          Created <Link to={paths.job(state.created)}>{state.created}</Link>.
        </p>
      )}
      {state.error !== undefined && (
        <div className="form-error" role="alert">
          {errorMessage(state.error)}
          {state.error instanceof ApiError && <IssueList issues={state.error.issues} />}
        </div>
      )}
    </li>
  );
}

/**
 * Import jobs from native JSON documents or SREWorks job packages (zip), read in the browser with
 * @sluice/dag; each file shows its own problems, and can be created directly or opened in the editor.
 */
export function ImportDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const [files, setFiles] = useState<ImportedFile[]>([]);
  const [reading, setReading] = useState(false);
  const [dragging, setDragging] = useState(false);
  const inputId = useId();

  const read = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setReading(true);
    try {
      setFiles(await readImportFiles([...list]));
    } finally {
      setReading(false);
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void read(event.dataTransfer.files);
  };
  const close = () => {
    setFiles([]);
    onClose();
  };

  return (
    <Dialog open={open} title="Import jobs" onClose={close} testId="import-dialog" wide>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the file input below serves the keyboard */}
      <div
        className={`dropzone${dragging ? ' dropzone--over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>
          Drop files here, or{' '}
          <label htmlFor={inputId} className="link-button">
            choose files
          </label>
          : native job documents (<code>.json</code>) or SREWorks job packages (<code>.zip</code>).
        </p>
        <input
          id={inputId}
          className="visually-hidden"
          type="file"
          multiple
          accept=".json,.zip,application/json,application/zip"
          data-testid="import-input"
          onChange={(e) => void read(e.target.files)}
        />
        <p className="muted small">
          Files are read in this browser; nothing is uploaded until you create a job.
        </p>
      </div>
      {reading && <p aria-busy="true">Reading…</p>}
      {files.length > 0 && (
        <ul className="import-files">
          {files.map((file, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: two files may have the same name
            <FileResult key={`${file.fileName}:${i}`} file={file} onCreated={onCreated} />
          ))}
        </ul>
      )}
    </Dialog>
  );
}
