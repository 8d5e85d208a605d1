import type { ApiIssue } from '../api/http.js';

/** The issues of an API answer, each with its path; nothing when there are none. */
export function IssueList({ issues, className }: { issues: readonly ApiIssue[]; className?: string }) {
  if (issues.length === 0) return null;
  return (
    <ul className={className}>
      {issues.map((issue) => (
        <li key={`${issue.path}:${issue.message}`}>
          <code>{issue.path}</code> {issue.message}
        </li>
      ))}
    </ul>
  );
}
