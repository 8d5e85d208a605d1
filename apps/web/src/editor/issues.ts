/**
 * Issues as the editor shows them: from the canvas's own validation (`validateDag`, with paths as
 * arrays) and from the API's 400 answers (paths already formatted), in one shape, so that the
 * issues panel, the node badges and the inline field messages treat both the same way.
 */
import { formatPath, type IssuePath, type Severity, type ValidationIssue } from '@sluice/dag';
import type { ApiIssue } from '../api/http.js';

export interface EditorIssue {
  /** Stable React key. */
  key: string;
  /** Formatted path, e.g. `graph.nodes[0].config.options["number-of-rows"]`. */
  path: string;
  /** The path as segments when known (canvas validation); used to put a message under its field. */
  segments?: IssuePath;
  code?: string;
  message: string;
  severity: Severity;
  nodeId?: string;
  edgeId?: string;
  origin: 'canvas' | 'server';
}

export function fromValidation(issues: readonly ValidationIssue[]): EditorIssue[] {
  return issues.map((issue, i) => {
    const path = formatPath(issue.path);
    const out: EditorIssue = {
      key: `c${i}:${issue.code}:${path}`,
      path,
      segments: issue.path,
      code: issue.code,
      message: issue.message,
      severity: issue.severity,
      origin: 'canvas',
    };
    if (issue.nodeId !== undefined) out.nodeId = issue.nodeId;
    if (issue.edgeId !== undefined) out.edgeId = issue.edgeId;
    return out;
  });
}

export function fromApi(issues: readonly ApiIssue[]): EditorIssue[] {
  return issues.map((issue, i) => {
    const out: EditorIssue = {
      key: `s${i}:${issue.code ?? ''}:${issue.path}`,
      path: issue.path,
      message: issue.message,
      severity: issue.severity ?? 'error',
      origin: 'server',
    };
    if (issue.code !== undefined) out.code = issue.code;
    if (issue.nodeId !== undefined) out.nodeId = issue.nodeId;
    if (issue.edgeId !== undefined) out.edgeId = issue.edgeId;
    return out;
  });
}

/**
 * The canvas's issues and the API's, without the API's copies of what the canvas already shows
 * (both run `validateDag` and format paths the same way, so a copy has the same path and message).
 */
export function mergeIssues(canvas: readonly EditorIssue[], server: readonly EditorIssue[]): EditorIssue[] {
  if (server.length === 0) return canvas as EditorIssue[];
  const seen = new Set(canvas.map((i) => `${i.path}\u0000${i.message}`));
  return [...canvas, ...server.filter((i) => !seen.has(`${i.path}\u0000${i.message}`))];
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then infos; stable within a severity. */
export function sortIssues(issues: readonly EditorIssue[]): EditorIssue[] {
  return [...issues].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

export interface IssueCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countIssues(issues: readonly EditorIssue[]): IssueCounts {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const i of issues) {
    if (i.severity === 'error') counts.errors++;
    else if (i.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

function startsWith(path: IssuePath, prefix: IssuePath): boolean {
  return prefix.every((seg, i) => path[i] === seg);
}

/**
 * Issues whose path, below the node (`graph.nodes[i]`) when `nodeId` is given, starts with
 * `prefix`: the messages to show under one field of the inspector.
 *
 * @example
 * issuesAt(issues, ['config', 'options', 'topic'], 'events'); // issues of the topic option of node `events`
 */
export function issuesAt(issues: readonly EditorIssue[], prefix: IssuePath, nodeId?: string): EditorIssue[] {
  return issues.filter((issue) => {
    if (issue.segments === undefined) return false;
    if (nodeId === undefined) return issue.nodeId === undefined && startsWith(issue.segments, prefix);
    if (issue.nodeId !== nodeId) return false;
    // Node issues have paths `graph.nodes[<index>]...`; the index is not stable across edits.
    return (
      issue.segments[0] === 'graph' &&
      issue.segments[1] === 'nodes' &&
      startsWith(issue.segments.slice(3), prefix)
    );
  });
}

/** Issues about a node that no field of the inspector shows (e.g. "not on a source-to-sink path"). */
export function nodeLevelIssues(
  issues: readonly EditorIssue[],
  nodeId: string,
  fieldPrefixes: readonly IssuePath[],
): EditorIssue[] {
  return issues.filter((issue) => {
    if (issue.nodeId !== nodeId) return false;
    if (issue.segments === undefined) return true;
    const rel = issue.segments.slice(3);
    return !fieldPrefixes.some((prefix) => prefix.length > 0 && startsWith(rel, prefix));
  });
}

/** The `data-field` of the inspector input for a path (below the node when `nodeId` is given). */
export function fieldKey(nodeId: string | undefined, segments: IssuePath): string {
  return `${nodeId === undefined ? 'job' : `node:${nodeId}`}:${formatPath(segments)}`;
}

/** Field keys an issue may be shown at, most specific first (an option, then the options, ...). */
export function issueFieldKeys(issue: EditorIssue): string[] {
  if (issue.segments === undefined) return [];
  const rel = issue.nodeId === undefined ? issue.segments : issue.segments.slice(3);
  const keys: string[] = [];
  for (let n = rel.length; n >= 1; n--) keys.push(fieldKey(issue.nodeId, rel.slice(0, n)));
  return keys;
}

/** Moves keyboard focus to the first field found among `keys` (after the inspector rendered it). */
export function focusField(keys: readonly string[]): boolean {
  for (const key of keys) {
    const el = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(key)}"]`);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: 'nearest' });
      return true;
    }
  }
  return false;
}
