/**
 * The native document format: `{ "apiVersion": "sluice.dev/v1", "kind": "Job", "job": { ... } }`.
 * The version tag lets a later format change be detected instead of misread.
 */
import { API_VERSION, DOCUMENT_KIND, type Job, type JobDocument } from '../model/job.schema.js';
import { hasErrors, type ValidationIssue } from '../validate/issues.js';
import { validateDag } from '../validate/validate-dag.js';
import type { ImportResult } from './import-result.js';

/**
 * Wraps a job in the versioned document envelope.
 *
 * @example
 * toJobDocument(job).apiVersion; // 'sluice.dev/v1'
 */
export function toJobDocument(job: Job): JobDocument {
  return { apiVersion: API_VERSION, kind: DOCUMENT_KIND, job };
}

/**
 * Serialises a job as a native JSON document (2-space indented, trailing newline).
 *
 * @example
 * const text = exportJobJson(job);
 * importJobJson(text).job; // deep-equals job
 */
export function exportJobJson(job: Job): string {
  return `${JSON.stringify(toJobDocument(job), null, 2)}\n`;
}

/**
 * Reads a native document from JSON text (or an already parsed value). Refuses a missing or
 * unknown `apiVersion` with a clear message, then validates the job; issue paths are relative to
 * the job. Never throws.
 *
 * @example
 * importJobJson('{"apiVersion":"sluice.dev/v9","kind":"Job","job":{}}').issues[0]?.message;
 * // "Unsupported apiVersion 'sluice.dev/v9': this Sluice reads 'sluice.dev/v1' documents"
 */
export function importJobJson(input: string | unknown): ImportResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return fail('document.json', `The file is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('document.shape', 'A Sluice document is a JSON object with apiVersion, kind and job');
  }
  const doc = value as Record<string, unknown>;
  if (doc.apiVersion === undefined) {
    const looksLikeJob = doc.graph !== undefined && (doc.kind === 'scheduled' || doc.kind === 'realtime');
    return fail(
      'document.api-version-missing',
      looksLikeJob
        ? `This is a bare job without the document envelope; wrap it as { "apiVersion": "${API_VERSION}", "kind": "Job", "job": { ... } }`
        : `The document has no apiVersion; expected '${API_VERSION}'`,
    );
  }
  if (doc.apiVersion !== API_VERSION) {
    const shown = typeof doc.apiVersion === 'string' ? `'${doc.apiVersion}'` : JSON.stringify(doc.apiVersion);
    return fail(
      'document.api-version-unsupported',
      `Unsupported apiVersion ${shown}: this Sluice reads '${API_VERSION}' documents`,
    );
  }
  if (doc.kind !== DOCUMENT_KIND) {
    return fail(
      'document.kind',
      `The document's kind must be '${DOCUMENT_KIND}', not ${JSON.stringify(doc.kind)}`,
    );
  }
  const extra = Object.keys(doc).filter((k) => k !== 'apiVersion' && k !== 'kind' && k !== 'job');
  const issues: ValidationIssue[] = extra.map((k) => ({
    path: [],
    code: 'document.unknown-field',
    message: `Unknown top-level field '${k}' in the document; only apiVersion, kind and job are allowed`,
    severity: 'error',
  }));
  if (doc.job === undefined) return fail('document.job-missing', "The document has no 'job'");
  const result = validateDag(doc.job);
  issues.push(...result.issues);
  const out: ImportResult = { ok: result.job !== undefined && !hasErrors(issues), issues };
  if (result.job !== undefined) out.job = result.job;
  return out;
}

function fail(code: string, message: string): ImportResult {
  return { ok: false, issues: [{ path: [], code, message, severity: 'error' }] };
}
