import { type Kysely, sql } from 'kysely';

/**
 * Scheduled jobs: jobs and their immutable versions, runs with per-node stats and logs, Python
 * environments with their build logs, and encrypted secret parameter values.
 *
 * Written as SQL rather than the schema builder: MariaDB specifics (DATETIME(3), JSON checks,
 * ON DELETE CASCADE, engine and charset) read more plainly this way. Times are UTC (the pool sets
 * `timezone: 'Z'`), with millisecond precision because lateness and timings are measured in ms.
 * MariaDB's JSON is LONGTEXT with a `json_valid` check, so JSON columns come back as strings.
 */
const TABLE_OPTIONS = sql.raw('ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin');

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE jobs (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      name VARCHAR(128) NOT NULL,
      kind VARCHAR(16) NOT NULL,
      current_version INT UNSIGNED NOT NULL,
      -- Environment of the current version (copied from the document) so that "which jobs use
      -- this environment" is a query, not a scan of every document.
      environment VARCHAR(128) NOT NULL,
      -- Live schedule switch: enable/disable does not create a version (see JobsService).
      schedule_enabled TINYINT(1) NOT NULL DEFAULT 0,
      -- When the schedule was last enabled or its cron changed: catch-up never reaches before it.
      schedule_since DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_jobs_name (name),
      KEY ix_jobs_environment (environment)
    ) ${TABLE_OPTIONS}`.execute(db);

  await sql`
    CREATE TABLE job_versions (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      job_id BIGINT UNSIGNED NOT NULL,
      version INT UNSIGNED NOT NULL,
      content_hash CHAR(64) NOT NULL,
      -- The validated job, secret parameter defaults removed (they live in job_secrets).
      document JSON NOT NULL CHECK (json_valid(document)),
      created_at DATETIME(3) NOT NULL,
      UNIQUE KEY uq_job_versions (job_id, version),
      CONSTRAINT fk_job_versions_job FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`.execute(db);

  await sql`
    CREATE TABLE runs (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      job_id BIGINT UNSIGNED NOT NULL,
      job_version INT UNSIGNED NOT NULL,
      trigger_type VARCHAR(16) NOT NULL,
      -- The cron tick a schedule/catch-up run (and its retries) belongs to; NULL for manual runs.
      scheduled_for DATETIME(3) NULL,
      attempt INT UNSIGNED NOT NULL DEFAULT 1,
      -- First run of a retry chain; NULL on first attempts.
      retry_of BIGINT UNSIGNED NULL,
      status VARCHAR(16) NOT NULL,
      -- Non-secret parameter values; secret ones are encrypted in secret_params.
      params JSON NOT NULL CHECK (json_valid(params)),
      secret_params BLOB NULL,
      error TEXT NULL,
      error_node VARCHAR(128) NULL,
      cancel_requested TINYINT(1) NOT NULL DEFAULT 0,
      queue_job_id VARCHAR(255) NULL,
      worker VARCHAR(255) NULL,
      log_lines INT UNSIGNED NOT NULL DEFAULT 0,
      log_dropped INT UNSIGNED NOT NULL DEFAULT 0,
      created_at DATETIME(3) NOT NULL,
      started_at DATETIME(3) NULL,
      finished_at DATETIME(3) NULL,
      heartbeat_at DATETIME(3) NULL,
      -- The second guard of "one run per tick" (BullMQ scheduler job ids are the first): two
      -- processes handling the same tick collide here. NULL scheduled_for never collides.
      UNIQUE KEY uq_runs_tick (job_id, scheduled_for, attempt),
      KEY ix_runs_job (job_id, id),
      KEY ix_runs_status (status, id),
      CONSTRAINT fk_runs_job FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`.execute(db);

  await sql`
    CREATE TABLE node_runs (
      run_id BIGINT UNSIGNED NOT NULL,
      node_id VARCHAR(128) NOT NULL,
      name VARCHAR(128) NOT NULL,
      kind VARCHAR(16) NOT NULL,
      status VARCHAR(16) NOT NULL,
      records_in BIGINT UNSIGNED NOT NULL DEFAULT 0,
      records_out BIGINT UNSIGNED NOT NULL DEFAULT 0,
      batches_in BIGINT UNSIGNED NOT NULL DEFAULT 0,
      batches_out BIGINT UNSIGNED NOT NULL DEFAULT 0,
      busy_ms BIGINT UNSIGNED NOT NULL DEFAULT 0,
      started_at DATETIME(3) NULL,
      finished_at DATETIME(3) NULL,
      PRIMARY KEY (run_id, node_id),
      CONSTRAINT fk_node_runs_run FOREIGN KEY (run_id) REFERENCES runs (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`.execute(db);

  await sql`
    CREATE TABLE run_logs (
      run_id BIGINT UNSIGNED NOT NULL,
      seq INT UNSIGNED NOT NULL,
      at DATETIME(3) NOT NULL,
      level VARCHAR(8) NOT NULL,
      stream VARCHAR(8) NOT NULL,
      node VARCHAR(128) NULL,
      message MEDIUMTEXT NOT NULL,
      traceback MEDIUMTEXT NULL,
      PRIMARY KEY (run_id, seq),
      CONSTRAINT fk_run_logs_run FOREIGN KEY (run_id) REFERENCES runs (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`.execute(db);

  await sql`
    CREATE TABLE environments (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      name VARCHAR(128) NOT NULL,
      description TEXT NOT NULL,
      requirements TEXT NOT NULL,
      -- Real-time jobs (issue 5): the Flink line and extra jars (Maven coordinates) of the environment.
      flink_version VARCHAR(32) NULL,
      jars JSON NOT NULL CHECK (json_valid(jars)),
      status VARCHAR(16) NOT NULL,
      build_number INT UNSIGNED NOT NULL DEFAULT 0,
      progress TINYINT UNSIGNED NOT NULL DEFAULT 0,
      build_step VARCHAR(255) NULL,
      python_path VARCHAR(1024) NULL,
      python_version VARCHAR(32) NULL,
      error TEXT NULL,
      -- Requirements the ready venv was built from: an edit after a build shows as "stale".
      built_requirements TEXT NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      build_started_at DATETIME(3) NULL,
      build_finished_at DATETIME(3) NULL,
      UNIQUE KEY uq_environments_name (name)
    ) ${TABLE_OPTIONS}`.execute(db);

  await sql`
    CREATE TABLE environment_build_logs (
      environment_id BIGINT UNSIGNED NOT NULL,
      build_number INT UNSIGNED NOT NULL,
      seq INT UNSIGNED NOT NULL,
      at DATETIME(3) NOT NULL,
      stream VARCHAR(8) NOT NULL,
      message MEDIUMTEXT NOT NULL,
      PRIMARY KEY (environment_id, build_number, seq),
      CONSTRAINT fk_env_logs_env FOREIGN KEY (environment_id) REFERENCES environments (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`.execute(db);

  await sql`
    CREATE TABLE job_secrets (
      job_id BIGINT UNSIGNED NOT NULL,
      name VARCHAR(128) NOT NULL,
      -- AES-256-GCM: version byte, 12-byte IV, 16-byte tag, ciphertext (see secrets/secret-box.ts).
      sealed BLOB NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (job_id, name),
      CONSTRAINT fk_job_secrets_job FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
    ) ${TABLE_OPTIONS}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'job_secrets',
    'environment_build_logs',
    'environments',
    'run_logs',
    'node_runs',
    'runs',
    'job_versions',
    'jobs',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
}
