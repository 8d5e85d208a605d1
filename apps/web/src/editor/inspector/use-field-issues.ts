import type { IssuePath } from '@sluice/dag';
import { useCallback } from 'react';
import type { FieldMessage } from '../../ui/Field.js';
import { useAllIssues } from '../editor-context.js';
import { type EditorIssue, fieldKey, issuesAt } from '../issues.js';

const toMessages = (issues: EditorIssue[]): FieldMessage[] =>
  issues.map((i) => ({ key: i.key, message: i.message, severity: i.severity }));

/**
 * `messagesAt(path)`: the issues to show under the field at `path` (below the node `nodeId`, or of
 * the job when undefined); `keyOf(path)`: that field's `data-field`, so the issues panel can focus it.
 */
export function useFieldIssues(nodeId?: string) {
  const issues = useAllIssues();
  const messagesAt = useCallback(
    (path: IssuePath, exact = false) =>
      toMessages(
        issuesAt(issues, path, nodeId).filter((i) => {
          if (!exact || i.segments === undefined) return true;
          const rel = nodeId === undefined ? i.segments : i.segments.slice(3);
          return rel.length === path.length;
        }),
      ),
    [issues, nodeId],
  );
  const keyOf = useCallback((path: IssuePath) => fieldKey(nodeId, path), [nodeId]);
  return { issues, messagesAt, keyOf };
}
