import type { ColumnType, Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/index.js';

/**
 * Row types of the tables of `db/migrations/0002-realtime.ts`. They live with the feature (not in
 * `db/database.ts`): the repository widens the shared `Kysely<Database>` with `withTables`.
 */

type Timestamp = ColumnType<Date, Date, Date>;
type Json = ColumnType<unknown, string, string>;

export interface RealtimeDeploymentsTable {
  id: Generated<number>;
  job_id: number;
  job_version: number;
  environment: string;
  pipeline_name: string;
  flink_job_id: string | null;
  state: string;
  flink_state: string | null;
  desired_state: string;
  revision: Generated<number>;
  params: Json;
  secret_params: Buffer | null;
  restore_mode: string;
  restore_path: string | null;
  allow_non_restored: Generated<number>;
  submit_seq: Generated<number>;
  submit_requested_at: Date | null;
  submitted_at: Date | null;
  restart_count: Generated<number>;
  auto_restart: Json;
  auto_restart_attempts: Generated<number>;
  next_restart_at: Date | null;
  stop_trigger_id: string | null;
  savepoint_path: string | null;
  last_error: string | null;
  last_traceback: string | null;
  last_error_at: Date | null;
  lost_since: Date | null;
  observed_at: Date | null;
  observed_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  running_since: Date | null;
  ended_at: Date | null;
}

export interface RealtimeSavepointsTable {
  id: Generated<number>;
  job_id: number;
  deployment_id: number | null;
  flink_job_id: string | null;
  job_version: number;
  kind: string;
  path: string;
  path_hash: string;
  checkpoint_id: number | null;
  created_at: Timestamp;
  recorded_at: Timestamp;
}

export interface RealtimeEventsTable {
  id: Generated<number>;
  job_id: number;
  deployment_id: number;
  at: Timestamp;
  type: string;
  from_state: string | null;
  to_state: string | null;
  flink_job_id: string | null;
  message: string;
}

// A type alias, not an interface: `withTables` wants an index-signature-compatible record.
export type RealtimeTables = {
  realtime_deployments: RealtimeDeploymentsTable;
  realtime_savepoints: RealtimeSavepointsTable;
  realtime_events: RealtimeEventsTable;
};

export type RealtimeDb = Kysely<Database & RealtimeTables>;
export type DeploymentRow = Selectable<RealtimeDeploymentsTable>;
export type NewDeployment = Insertable<RealtimeDeploymentsTable>;
export type DeploymentUpdate = Updateable<RealtimeDeploymentsTable>;
export type SavepointRow = Selectable<RealtimeSavepointsTable>;
export type EventRow = Selectable<RealtimeEventsTable>;
