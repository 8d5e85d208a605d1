import { ApiError } from '../api/http.js';

/** An API failure as an alert: the API's sentence, and every issue with its path when it sent some. */
export function ErrorAlert({ error, title, testId }: { error: unknown; title?: string; testId?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div className="alert" role="alert" data-testid={testId ?? 'error-alert'}>
      {title && <p className="alert__title">{title}</p>}
      <p>{message}</p>
      {issues.length > 0 && (
        <ul className="alert__issues">
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              <code>{issue.path}</code> {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
