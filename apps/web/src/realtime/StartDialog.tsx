import type { Job } from '@sluice/dag';
import { type FormEvent, useState } from 'react';
import { realtimeApi } from '../api/endpoints.js';
import type { RealtimeStatus, Savepoint } from '../api/types.js';
import { formatDateTime } from '../lib/format.js';
import { filledIn, ParameterForm, ParameterRequestError, parameterIssues } from '../runs/RunNowDialog.js';
import { Dialog } from '../ui/Dialog.js';

const RESTORE_CHOICES = [
  { value: 'latest', label: 'Latest savepoint or checkpoint' },
  { value: 'latest-savepoint', label: 'Latest savepoint' },
  { value: 'latest-checkpoint', label: 'Latest retained checkpoint' },
  { value: 'none', label: 'No state: start fresh' },
];

/** Start (or restart) on Flink: where to resume from, and for a start the parameter values. */
export function StartDialog({
  open,
  mode,
  onClose,
  onDone,
  jobName,
  job,
  version,
  savepoints,
}: {
  open: boolean;
  mode: 'start' | 'restart';
  onClose: () => void;
  onDone: (status: RealtimeStatus) => void;
  jobName: string;
  job: Job;
  version: number;
  savepoints: readonly Savepoint[];
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [restore, setRestore] = useState('');
  const [allowNonRestored, setAllowNonRestored] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const close = () => {
    setValues({});
    setRestore('');
    setError(undefined);
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        version,
        ...(restore ? { restore } : {}),
        ...(allowNonRestored ? { allowNonRestoredState: true } : {}),
      };
      const status =
        mode === 'start'
          ? await realtimeApi.start(jobName, { ...body, parameters: filledIn(values) })
          : await realtimeApi.restart(jobName, body);
      setBusy(false);
      onDone(status);
      close();
    } catch (e) {
      setBusy(false);
      setError(e);
    }
  };
  const usable = savepoints.filter((s) => s.available);
  const defaultRestore = job.realtime?.restore ?? 'latest-savepoint';

  return (
    <Dialog
      open={open}
      title={mode === 'start' ? `Start ${jobName} on Flink` : `Restart ${jobName}`}
      onClose={close}
      testId="start-dialog"
    >
      <form onSubmit={(e) => void submit(e)}>
        <p className="muted">
          {mode === 'start'
            ? `Starts version ${version}. The script is compiled and submitted to the session cluster.`
            : 'A running job is stopped with a savepoint and started again from it, with the same parameters.'}
        </p>
        <label className="field">
          <span className="field__label">Resume from</span>
          <select
            className="input"
            value={restore}
            onChange={(e) => setRestore(e.target.value)}
            data-testid="restore-select"
          >
            <option value="">The job's setting ({defaultRestore})</option>
            {RESTORE_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
            {usable.length > 0 && (
              <optgroup label="A specific savepoint or checkpoint">
                {usable.map((s) => (
                  <option key={s.path} value={s.path}>
                    {s.kind} of v{s.jobVersion}, {formatDateTime(s.createdAt)}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={allowNonRestored}
            onChange={(e) => setAllowNonRestored(e.target.checked)}
          />
          Allow state that no longer maps to the pipeline to be dropped
        </label>
        {mode === 'start' && (
          <>
            <h3 className="panel__subtitle">Parameters</h3>
            <ParameterForm
              parameters={job.parameters}
              values={values}
              onChange={setValues}
              issues={parameterIssues(error)}
            />
          </>
        )}
        {error !== undefined && <ParameterRequestError error={error} />}
        <div className="dialog__footer dialog__footer--inline">
          <button type="button" className="button" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="start-submit">
            {busy ? 'Submitting…' : mode === 'start' ? 'Start' : 'Restart'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
