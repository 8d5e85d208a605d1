import type { Job, JobDiff } from '@sluice/dag';
import type { ApiIssue } from './issue.js';
import type { Run } from './runs.js';

/** What the API may say about a secret parameter: whether a value is stored, never the value. */
export type SecretStatus<At = string> = { set: true; updatedAt: At } | { set: false };

/** Live schedule switch (enable/disable do not create versions). */
export interface ScheduleView<At = string> {
  enabled: boolean;
  cron: string;
  timezone: string;
  /** Empty while disabled. */
  nextFireTimes: At[];
}

export interface JobView<At = string> {
  id: number;
  name: string;
  kind: Job['kind'];
  title: string;
  environment: string;
  version: number;
  contentHash: string;
  /** Null for real-time jobs. */
  schedule: ScheduleView<At> | null;
  /** Every declared secret parameter: whether a value is stored. */
  secrets: Record<string, SecretStatus<At>>;
  lastRun: Run<At> | null;
  createdAt: At;
  updatedAt: At;
  /** The stored job (what `PUT` takes back). */
  job: Job;
  /** Warnings from validation (saving went through); POST and PUT only. */
  warnings?: ApiIssue[];
  /** PUT only: false when the content was unchanged. */
  versionCreated?: boolean;
}

export interface JobList<At = string> {
  items: JobView<At>[];
  total: number;
}

export interface JobVersionSummary<At = string> {
  version: number;
  contentHash: string;
  createdAt: At;
}

export interface JobVersion<At = string> extends JobVersionSummary<At> {
  document: Job;
}

export type VersionDiff = JobDiff & { from: number; to: number };

export interface CronPreview<At = string> {
  cron: string;
  timezone: string;
  times: At[];
}
