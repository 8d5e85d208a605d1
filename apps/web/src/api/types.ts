/**
 * Response shapes of the Sluice API (see `/api/docs-json`). Only what the web app reads is typed;
 * the job document itself is `@sluice/dag`'s `Job`.
 */
import type { Job, JobDiff } from '@sluice/dag';
import type { ApiIssue } from './http.js';

export type RunStatus =
  | 'INIT'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'SKIPPED';
export const RUN_STATUSES: readonly RunStatus[] = [
  'INIT',
  'QUEUED',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMEOUT',
  'CANCELLED',
  'SKIPPED',
];
export type RunTrigger = 'schedule' | 'manual' | 'catch-up' | 'retry';
export type NodeRunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface NodeRun {
  nodeId: string;
  name: string;
  kind: 'source' | 'python' | 'sink';
  status: NodeRunStatus;
  recordsIn: number;
  /** For sinks: records written. */
  recordsOut: number;
  batchesIn: number;
  batchesOut: number;
  busyMs: number;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface Run {
  id: number;
  jobId: number;
  jobName: string | null;
  version: number;
  trigger: RunTrigger;
  scheduledFor: string | null;
  attempt: number;
  retryOf: number | null;
  status: RunStatus;
  seedStatus: string;
  /** Secret values arrive as `***`. */
  params: Record<string, unknown>;
  error: string | null;
  errorNode: string | null;
  cancelRequested: boolean;
  worker: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  waitMs: number | null;
  durationMs: number | null;
  logLines: number;
  logDropped: number;
  nodes?: NodeRun[];
}

export type SecretStatus = { set: true; updatedAt: string } | { set: false };

export interface ScheduleView {
  enabled: boolean;
  cron: string;
  timezone: string;
  nextFireTimes: string[];
}

export interface JobView {
  id: number;
  name: string;
  kind: 'scheduled' | 'realtime';
  title: string;
  environment: string;
  version: number;
  contentHash: string;
  schedule: ScheduleView | null;
  secrets: Record<string, SecretStatus>;
  lastRun: Run | null;
  createdAt: string;
  updatedAt: string;
  job: Job;
  warnings?: ApiIssue[];
  /** PUT only: false when the content was unchanged. */
  versionCreated?: boolean;
}

export interface JobList {
  items: JobView[];
  total: number;
}

export interface JobVersionSummary {
  version: number;
  contentHash: string;
  createdAt: string;
}

export interface JobVersion extends JobVersionSummary {
  document: Job;
}

export type VersionDiff = JobDiff & { from: number; to: number };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogStream = 'runner' | 'stdout' | 'stderr' | 'log' | 'print';
export const LOG_STREAMS: readonly LogStream[] = ['runner', 'stdout', 'stderr', 'log', 'print'];

export interface LogLine {
  seq: number;
  at: string;
  level: LogLevel;
  stream: LogStream;
  /** Node name the line is about, or null for the runner's own lines. */
  node: string | null;
  message: string;
  traceback: string | null;
}

export interface LogPage {
  lines: LogLine[];
  nextAfter: number;
}

export interface CronPreview {
  cron: string;
  timezone: string;
  times: string[];
}

export type EnvironmentStatus = 'PENDING' | 'QUEUED' | 'BUILDING' | 'READY' | 'FAILED';

export interface Environment {
  id: number;
  name: string;
  description: string;
  requirements: string;
  flinkVersion: string | null;
  jars: string[];
  status: EnvironmentStatus;
  /** Requirements changed since the last successful build. */
  stale: boolean;
  build: {
    number: number;
    progress: number;
    step: string | null;
    error: string | null;
    startedAt: string | null;
    finishedAt: string | null;
  };
  pythonVersion: string | null;
  pyflink: { version: string; source: 'runtime' | 'pip' } | null;
  /** Jobs can run on it now. */
  usable: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface BuildLogLine {
  seq: number;
  at: string;
  stream: string;
  message: string;
}

export type DeploymentState =
  | 'starting'
  | 'running'
  | 'failing'
  | 'restarting'
  | 'failed'
  | 'finished'
  | 'cancelling'
  | 'cancelled'
  | 'stopping'
  | 'stopped'
  | 'lost';

export interface Deployment {
  id: number;
  version: number;
  environment: string;
  pipelineName: string;
  state: DeploymentState;
  desiredState: 'running' | 'stopped' | 'cancelled';
  flinkJobId: string | null;
  flinkState: string | null;
  dashboardUrl: string | null;
  createdAt: string;
  startedAt: string | null;
  runningSince: string | null;
  endedAt: string | null;
  restarts: number;
  autoRestart: {
    enabled: boolean;
    maxAttempts: number;
    initialDelayMs: number;
    maxDelayMs: number;
    attempts: number;
    nextRestartAt: string | null;
  };
  /** Start values; secret ones are `***`. */
  parameters: Record<string, unknown>;
  restoredFrom: string | null;
  savepointPath: string | null;
  lastError: { message: string; pythonTraceback: string | null; at: string | null } | null;
  lostSince: string | null;
  observedAt: string | null;
  observedBy: string | null;
}

export interface CheckpointRef {
  id: number;
  path: string | null;
  at: string;
}

export interface LiveStatus {
  reachable: boolean;
  error?: string;
  flinkState?: string;
  startTime?: string;
  vertices?: {
    id: string;
    name: string;
    parallelism: number;
    status: string;
    recordsIn: number;
    recordsOut: number;
    operators: { name: string; recordsIn: number; recordsOut: number }[];
  }[];
  checkpoints?: {
    counts: { restored: number; total: number; inProgress: number; completed: number; failed: number };
    latestCompleted: CheckpointRef | null;
    latestSavepoint: CheckpointRef | null;
    latestRestored: CheckpointRef | null;
    latestFailure: { at: string; message: string | null } | null;
  };
  exception?: { summary: string | null; pythonTraceback: string | null; at: string | null } | null;
}

export interface RealtimeStatus {
  job: string;
  currentVersion: number;
  deployment: Deployment | null;
  live: LiveStatus | null;
}

export interface ScriptPreview {
  job: string;
  version: number;
  pipelineName: string;
  script: string;
  config: Record<string, string>;
  plan: Record<string, unknown>;
  parameters: { name: string; secret: boolean; required: boolean }[];
  warnings: string[];
}

export interface Savepoint {
  path: string;
  kind: 'savepoint' | 'checkpoint';
  jobVersion: number;
  createdAt: string;
  flinkJobId: string | null;
  deploymentId: number | null;
  /** The files are still there (checked for local file: paths). */
  available: boolean;
}

export interface DeploymentEvent {
  id: number;
  deploymentId: number;
  at: string;
  type: string;
  fromState: string | null;
  toState: string | null;
  flinkJobId: string | null;
  message: string;
}

/** A real-time job's newest deployment, as the jobs list shows it. */
export interface DeploymentSummary {
  job: string;
  deploymentId: number;
  version: number;
  state: DeploymentState;
  flinkState: string | null;
  dashboardUrl: string | null;
  runningSince: string | null;
  endedAt: string | null;
  updatedAt: string;
  lastError: string | null;
}
