import { useReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { useAllIssues, useEditor, useEditorStore } from './editor-context.js';
import { countIssues, type EditorIssue, focusField, issueFieldKeys, sortIssues } from './issues.js';

const SEVERITY_GLYPH = { error: '■', warning: '▲', info: '◆' } as const;

/**
 * Every problem of the draft, errors first: the canvas's own validation as you draw, and what the
 * API answered to the last save. Choosing one selects its node and focuses its field.
 */
export function IssuesPanel() {
  const store = useEditorStore();
  const issues = useAllIssues();
  const validated = useEditor((s) => s.issuesRevision === s.revision);
  const flow = useReactFlow();
  const sorted = useMemo(() => sortIssues(issues), [issues]);
  const counts = countIssues(issues);
  const server = issues.some((i) => i.origin === 'server');

  const show = (issue: EditorIssue) => {
    const state = store.getState();
    const nodeId =
      issue.nodeId ?? state.job.graph.edges.find((e) => e.id === issue.edgeId)?.source ?? undefined;
    state.selectNode(nodeId ?? null);
    if (nodeId) void flow.fitView({ nodes: [{ id: nodeId }], maxZoom: 1, duration: 200, padding: 0.6 });
    requestAnimationFrame(() => focusField(issueFieldKeys(issue)));
  };

  const summary =
    counts.errors + counts.warnings + counts.infos === 0
      ? 'No problems'
      : [
          counts.errors > 0 && `${counts.errors} error${counts.errors === 1 ? '' : 's'}`,
          counts.warnings > 0 && `${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}`,
          counts.infos > 0 && `${counts.infos} note${counts.infos === 1 ? '' : 's'}`,
        ]
          .filter(Boolean)
          .join(' · ');

  return (
    <section
      className="issues"
      aria-labelledby="issues-title"
      data-testid="issues-panel"
      data-errors={counts.errors}
      data-warnings={counts.warnings}
      data-validated={validated}
    >
      <header className="issues__header">
        <h2 id="issues-title" className="issues__title">
          Problems
        </h2>
        <span
          className={`issues__summary${counts.errors > 0 ? ' issues__summary--error' : ''}`}
          aria-live="polite"
          data-testid="issues-summary"
        >
          {summary}
          {!validated && <span className="muted"> (checking…)</span>}
        </span>
        {server && <span className="issues__source">includes the API's answer to the last save</span>}
      </header>
      {sorted.length > 0 && (
        <ul className="issues__list">
          {sorted.map((issue) => (
            <li key={issue.key}>
              <button
                type="button"
                className={`issue issue--${issue.severity}`}
                data-testid="issue"
                data-code={issue.code}
                data-severity={issue.severity}
                data-node-id={issue.nodeId}
                onClick={() => show(issue)}
              >
                <span className="issue__glyph" aria-hidden="true">
                  {SEVERITY_GLYPH[issue.severity]}
                </span>
                <span className="visually-hidden">{issue.severity}: </span>
                <span className="issue__message">{issue.message}</span>
                <code className="issue__path">{issue.path}</code>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
