/**
 * What the importers return: the job (when one could be built) and every issue, including
 * problems of single files in a package (named in `file`) and the job's validation issues.
 */
import type { Job } from '../model/job.schema.js';
import type { ValidationIssue } from '../validate/issues.js';

export interface ImportIssue extends ValidationIssue {
  /** The package file the issue is about (zip imports). */
  file?: string;
}

export interface ImportResult {
  /** True when a job was built and nothing (file or validation) is an error. */
  ok: boolean;
  /** The imported job, also when it has validation errors the user can fix in the editor. */
  job?: Job;
  issues: ImportIssue[];
}
