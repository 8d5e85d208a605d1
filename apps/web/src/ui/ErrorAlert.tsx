import { ApiError } from '../api/http.js';
import { IssueList } from './IssueList.js';

/** An API failure as an alert: the API's sentence, and every issue with its path when it sent some. */
export function ErrorAlert({ error, title, testId }: { error: unknown; title?: string; testId?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div className="alert" role="alert" data-testid={testId ?? 'error-alert'}>
      {title && <p className="alert__title">{title}</p>}
      <p>{message}</p>
      <IssueList issues={issues} className="alert__issues" />
    </div>
  );
}
