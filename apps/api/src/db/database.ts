import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Row types of the tables created by `migrations/`, for Kysely's typed queries. Keep in step with
 * the migrations: a new migration that changes a table changes its interface here.
 *
 * JSON columns are written as text and read with `fromJson`: mysql2 parses them itself when the
 * server marks the column as JSON (MariaDB does, through extended metadata) and returns text
 * otherwise.
 */

type Timestamp = ColumnType<Date, Date, Date>;
type Json = ColumnType<unknown, string, string>;

export interface JobsTable {
  id: Generated<number>;
  name: string;
  kind: string;
  current_version: number;
  environment: string;
  schedule_enabled: number;
  schedule_since: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JobVersionsTable {
  id: Generated<number>;
  job_id: number;
  version: number;
  content_hash: string;
  document: Json;
  created_at: Timestamp;
}

export interface RunsTable {
  id: Generated<number>;
  job_id: number;
  job_version: number;
  trigger_type: string;
  scheduled_for: Date | null;
  attempt: Generated<number>;
  retry_of: number | null;
  status: string;
  params: Json;
  secret_params: Buffer | null;
  error: string | null;
  error_node: string | null;
  cancel_requested: Generated<number>;
  queue_job_id: string | null;
  worker: string | null;
  log_lines: Generated<number>;
  log_dropped: Generated<number>;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
  heartbeat_at: Date | null;
}

export interface NodeRunsTable {
  run_id: number;
  node_id: string;
  name: string;
  kind: string;
  status: string;
  records_in: number;
  records_out: number;
  batches_in: number;
  batches_out: number;
  busy_ms: number;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface RunLogsTable {
  run_id: number;
  seq: number;
  at: Timestamp;
  level: string;
  stream: string;
  node: string | null;
  message: string;
  traceback: string | null;
}

export interface EnvironmentsTable {
  id: Generated<number>;
  name: string;
  description: string;
  requirements: string;
  flink_version: string | null;
  jars: Json;
  status: string;
  build_number: Generated<number>;
  progress: Generated<number>;
  build_step: string | null;
  python_path: string | null;
  python_version: string | null;
  error: string | null;
  built_requirements: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  build_started_at: Date | null;
  build_finished_at: Date | null;
}

export interface EnvironmentBuildLogsTable {
  environment_id: number;
  build_number: number;
  seq: number;
  at: Timestamp;
  stream: string;
  message: string;
}

export interface JobSecretsTable {
  job_id: number;
  name: string;
  sealed: Buffer;
  updated_at: Timestamp;
}

export interface Database {
  jobs: JobsTable;
  job_versions: JobVersionsTable;
  runs: RunsTable;
  node_runs: NodeRunsTable;
  run_logs: RunLogsTable;
  environments: EnvironmentsTable;
  environment_build_logs: EnvironmentBuildLogsTable;
  job_secrets: JobSecretsTable;
}

export type JobRow = Selectable<JobsTable>;
export type JobVersionRow = Selectable<JobVersionsTable>;
export type RunRow = Selectable<RunsTable>;
export type NewRun = Insertable<RunsTable>;
export type RunUpdate = Updateable<RunsTable>;
export type NodeRunRow = Selectable<NodeRunsTable>;
export type RunLogRow = Selectable<RunLogsTable>;
export type EnvironmentRow = Selectable<EnvironmentsTable>;
export type EnvironmentUpdate = Updateable<EnvironmentsTable>;
export type EnvironmentBuildLogRow = Selectable<EnvironmentBuildLogsTable>;

/** A JSON column's value, whether the driver already parsed it or returned the text. */
export function fromJson<T>(value: unknown): T {
  if (typeof value === 'string') return JSON.parse(value) as T;
  if (Buffer.isBuffer(value)) return JSON.parse(value.toString('utf8')) as T;
  return value as T;
}
