import type { Job } from '@sluice/dag';
import { useEffect, useMemo, useState } from 'react';
import { jobsApi } from '../api/endpoints.js';
import { errorMessage } from '../api/http.js';
import { useResource } from '../lib/use-resource.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { Time } from '../ui/Time.js';
import { DiffView } from './DiffView.js';

/**
 * Every saved version (immutable), and the structural diff between any two; a version can be
 * opened in the editor to save it again as the newest.
 */
export function VersionsPanel({
  jobName,
  currentVersion,
  job,
  onOpen,
}: {
  jobName: string;
  currentVersion: number;
  job: Job;
  onOpen: (job: Job, version: number) => void;
}) {
  const versions = useResource(`versions:${jobName}:${currentVersion}`, (signal) =>
    jobsApi.versions(jobName, { signal }),
  );
  const list = versions.data ?? [];
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  useEffect(() => {
    if (list.length === 0) return;
    setTo((t) => t ?? list[0]?.version);
    setFrom((f) => f ?? (list[1] ?? list[0])?.version);
  }, [list]);
  const diffKey =
    from !== undefined && to !== undefined && from !== to ? `diff:${jobName}:${from}:${to}` : null;
  const diff = useResource(diffKey, (signal) => jobsApi.diff(jobName, from ?? 0, to ?? 0, { signal }));
  const names = useMemo(() => new Map(job.graph.nodes.map((n) => [n.id, n.name])), [job]);
  const [opening, setOpening] = useState<number>();
  const [openError, setOpenError] = useState<string>();

  const open = async (version: number) => {
    setOpening(version);
    setOpenError(undefined);
    try {
      const v = await jobsApi.version(jobName, version);
      onOpen(v.document, version);
    } catch (e) {
      setOpenError(errorMessage(e));
    } finally {
      setOpening(undefined);
    }
  };

  return (
    <section className="panel" aria-labelledby="versions-title" data-testid="versions-panel">
      <h2 id="versions-title" className="panel__title">
        Versions
      </h2>
      <p className="muted">Every save is a new, immutable version; runs record the version they ran.</p>
      {versions.error && <ErrorAlert error={versions.error} />}
      {openError && (
        <p className="form-error" role="alert">
          {openError}
        </p>
      )}
      <div className="versions">
        <div className="table-wrap">
          <table className="table table--compact" data-testid="versions-table">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Saved</th>
                <th scope="col">Content hash</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.version} data-testid="version-row" data-version={v.version}>
                  <td>
                    v{v.version}
                    {v.version === currentVersion && <span className="muted small"> current</span>}
                  </td>
                  <td>
                    <input
                      type="radio"
                      name="diff-from"
                      aria-label={`Compare from version ${v.version}`}
                      checked={from === v.version}
                      onChange={() => setFrom(v.version)}
                    />
                  </td>
                  <td>
                    <input
                      type="radio"
                      name="diff-to"
                      aria-label={`Compare to version ${v.version}`}
                      checked={to === v.version}
                      onChange={() => setTo(v.version)}
                    />
                  </td>
                  <td>
                    <Time iso={v.createdAt} />
                  </td>
                  <td>
                    <code title={v.contentHash}>{v.contentHash.slice(0, 12)}</code>
                  </td>
                  <td className="table__actions">
                    {v.version !== currentVersion && (
                      <button
                        type="button"
                        className="button button--small"
                        disabled={opening !== undefined}
                        onClick={() => void open(v.version)}
                      >
                        {opening === v.version ? 'Opening…' : 'Open in editor'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="versions__diff">
          {list.length < 2 ? (
            <p className="muted">Save a change to compare versions.</p>
          ) : from === to ? (
            <p className="muted">Choose two different versions to compare.</p>
          ) : diff.error ? (
            <ErrorAlert error={diff.error} />
          ) : diff.data ? (
            <DiffView diff={diff.data} names={names} />
          ) : (
            <p className="muted">Comparing…</p>
          )}
        </div>
      </div>
    </section>
  );
}
