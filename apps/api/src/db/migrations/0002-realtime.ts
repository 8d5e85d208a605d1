import { type Kysely, sql } from 'kysely';

/**
 * Real-time jobs (issue 5): deployments of job versions on Flink, the savepoints and retained
 * checkpoints Sluice knows of, and the deployment history. Row types: `realtime/realtime.tables.ts`.
 *
 * A deployment is one "start" of a job: its Flink job id changes when it is restarted (by a user or
 * by auto-restart), its row does not, so restarts are counted on it. `revision` is bumped by every
 * write: the reconciler and the API update a row only at the revision they read (optimistic
 * concurrency), so two processes never overwrite each other's transition.
 *
 * No foreign key to `jobs`: deleting a job must not silently delete the record of a Flink job that
 * may still run; the reconciler cancels deployments whose job is gone, then removes their rows.
 */
const TABLE_OPTIONS = sql.raw('ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin');

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE realtime_deployments (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      job_id BIGINT UNSIGNED NOT NULL,
      job_version INT UNSIGNED NOT NULL,
      environment VARCHAR(128) NOT NULL,
      -- sluice/<job>/v<version>: how Flink lists the job, and how a lost submission is found again.
      pipeline_name VARCHAR(255) NOT NULL,
      flink_job_id CHAR(32) NULL,
      state VARCHAR(16) NOT NULL,
      flink_state VARCHAR(16) NULL,
      -- What the user asked for: running, stopped or cancelled.
      desired_state VARCHAR(16) NOT NULL,
      revision INT UNSIGNED NOT NULL DEFAULT 0,
      -- Start parameters: non-secret values, secret ones as ***; the secret values are sealed
      -- (AES-256-GCM, like run rows) in secret_params.
      params JSON NOT NULL CHECK (json_valid(params)),
      secret_params BLOB NULL,
      -- How the start asked to restore (latest, latest-savepoint, latest-checkpoint, none, path) and
      -- what the current submission restores from.
      restore_mode VARCHAR(24) NOT NULL,
      restore_path VARCHAR(1024) NULL,
      allow_non_restored TINYINT(1) NOT NULL DEFAULT 0,
      -- Each submission (start, restart) has a number; a queue job for an older one is ignored.
      submit_seq INT UNSIGNED NOT NULL DEFAULT 0,
      submit_requested_at DATETIME(3) NULL,
      submitted_at DATETIME(3) NULL,
      restart_count INT UNSIGNED NOT NULL DEFAULT 0,
      -- The job version's realtime.autoRestart, as it was at start.
      auto_restart JSON NOT NULL CHECK (json_valid(auto_restart)),
      -- Consecutive automatic restarts (reset after a stable run), and when the next one is due.
      auto_restart_attempts INT UNSIGNED NOT NULL DEFAULT 0,
      next_restart_at DATETIME(3) NULL,
      -- Stop-with-savepoint in flight: Flink's trigger id, so any process can finish the stop.
      stop_trigger_id CHAR(32) NULL,
      savepoint_path VARCHAR(1024) NULL,
      last_error MEDIUMTEXT NULL,
      last_traceback MEDIUMTEXT NULL,
      last_error_at DATETIME(3) NULL,
      -- Since when the cluster could not be asked (or no longer knew the job).
      lost_since DATETIME(3) NULL,
      -- Last time a reconciler saw the job on the cluster, and which process it was.
      observed_at DATETIME(3) NULL,
      observed_by VARCHAR(255) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      -- When Flink first reported the current Flink job RUNNING.
      running_since DATETIME(3) NULL,
      ended_at DATETIME(3) NULL,
      KEY ix_rt_deployments_job (job_id, id),
      KEY ix_rt_deployments_state (state),
      KEY ix_rt_deployments_flink_job (flink_job_id)
    ) ${TABLE_OPTIONS}`.execute(db);

  await sql`
    CREATE TABLE realtime_savepoints (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      job_id BIGINT UNSIGNED NOT NULL,
      deployment_id BIGINT UNSIGNED NULL,
      flink_job_id CHAR(32) NULL,
      job_version INT UNSIGNED NOT NULL,
      -- savepoint | checkpoint (a retained checkpoint: only the latest one per Flink job is kept).
      kind VARCHAR(16) NOT NULL,
      path VARCHAR(2048) NOT NULL,
      path_hash CHAR(64) NOT NULL,
      checkpoint_id BIGINT UNSIGNED NULL,
      -- When Flink completed it.
      created_at DATETIME(3) NOT NULL,
      recorded_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_rt_savepoints_path (job_id, path_hash),
      KEY ix_rt_savepoints_job (job_id, created_at)
    ) ${TABLE_OPTIONS}`.execute(db);

  await sql`
    CREATE TABLE realtime_events (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      job_id BIGINT UNSIGNED NOT NULL,
      deployment_id BIGINT UNSIGNED NOT NULL,
      at DATETIME(3) NOT NULL,
      type VARCHAR(32) NOT NULL,
      from_state VARCHAR(16) NULL,
      to_state VARCHAR(16) NULL,
      flink_job_id CHAR(32) NULL,
      message TEXT NOT NULL,
      KEY ix_rt_events_job (job_id, id),
      KEY ix_rt_events_deployment (deployment_id, id)
    ) ${TABLE_OPTIONS}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['realtime_events', 'realtime_savepoints', 'realtime_deployments']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
}
