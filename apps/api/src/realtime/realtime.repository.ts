import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DeploymentEvent } from '@sluice/api-contract';
import { type Kysely, sql, type Transaction } from 'kysely';
import { type Database, DB, fromJson } from '../db/index.js';
import type {
  DeploymentRow,
  DeploymentUpdate,
  EventRow,
  RealtimeDb,
  RealtimeTables,
} from './realtime.tables.js';
import type { DesiredState, RealtimeState } from './realtime-state.js';
import type { AutoRestartSettings } from './reconcile-decision.js';

/** A deployment as the service and the reconciler use it (camelCase, JSON parsed). */
export interface Deployment {
  id: number;
  jobId: number;
  jobVersion: number;
  environment: string;
  pipelineName: string;
  flinkJobId: string | null;
  state: RealtimeState;
  flinkState: string | null;
  desired: DesiredState;
  revision: number;
  /** Start parameters as shown: secret values are `***`. */
  params: Record<string, unknown>;
  secretParams: Buffer | null;
  restoreMode: string;
  restorePath: string | null;
  allowNonRestored: boolean;
  submitSeq: number;
  submitRequestedAt: Date | null;
  submittedAt: Date | null;
  restartCount: number;
  autoRestart: AutoRestartSettings;
  autoRestartAttempts: number;
  nextRestartAt: Date | null;
  stopTriggerId: string | null;
  savepointPath: string | null;
  lastError: string | null;
  lastTraceback: string | null;
  lastErrorAt: Date | null;
  lostSince: Date | null;
  observedAt: Date | null;
  observedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  runningSince: Date | null;
  endedAt: Date | null;
}

/** What a new deployment starts with. */
export interface NewDeployment {
  jobId: number;
  jobVersion: number;
  environment: string;
  pipelineName: string;
  params: Record<string, unknown>;
  secretParams: Buffer | null;
  restoreMode: string;
  restorePath: string | null;
  allowNonRestored: boolean;
  autoRestart: AutoRestartSettings;
  /** Carried over from the deployment a restart replaces. */
  restartCount?: number;
  state?: 'starting' | 'restarting';
}

/** Fields a transition may change. */
export type DeploymentChanges = Partial<
  Omit<Deployment, 'id' | 'jobId' | 'revision' | 'createdAt' | 'updatedAt' | 'params' | 'autoRestart'>
>;

export interface NewEvent {
  type: string;
  from?: string | null;
  to?: string | null;
  message: string;
  flinkJobId?: string | null;
}

export type EventView = DeploymentEvent<Date>;

export interface RestorePointRow {
  id: number;
  deploymentId: number | null;
  flinkJobId: string | null;
  jobVersion: number;
  kind: 'savepoint' | 'checkpoint';
  path: string;
  checkpointId: number | null;
  createdAt: Date;
}

/** An active deployment of the job blocks a new start; the caller turns this into a 409. */
export class DeploymentActiveError extends Error {
  constructor(readonly deployment: Deployment) {
    super(`deployment ${deployment.id} is ${deployment.state}`);
    this.name = 'DeploymentActiveError';
  }
}

const COLUMNS: Record<keyof DeploymentChanges, keyof DeploymentUpdate> = {
  jobVersion: 'job_version',
  environment: 'environment',
  pipelineName: 'pipeline_name',
  flinkJobId: 'flink_job_id',
  state: 'state',
  flinkState: 'flink_state',
  desired: 'desired_state',
  secretParams: 'secret_params',
  restoreMode: 'restore_mode',
  restorePath: 'restore_path',
  allowNonRestored: 'allow_non_restored',
  submitSeq: 'submit_seq',
  submitRequestedAt: 'submit_requested_at',
  submittedAt: 'submitted_at',
  restartCount: 'restart_count',
  autoRestartAttempts: 'auto_restart_attempts',
  nextRestartAt: 'next_restart_at',
  stopTriggerId: 'stop_trigger_id',
  savepointPath: 'savepoint_path',
  lastError: 'last_error',
  lastTraceback: 'last_traceback',
  lastErrorAt: 'last_error_at',
  lostSince: 'lost_since',
  observedAt: 'observed_at',
  observedBy: 'observed_by',
  runningSince: 'running_since',
  endedAt: 'ended_at',
};

function toUpdate(changes: DeploymentChanges): DeploymentUpdate {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const column = COLUMNS[key as keyof DeploymentChanges];
    out[column] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  }
  return out as DeploymentUpdate;
}

export function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: Number(row.id),
    jobId: Number(row.job_id),
    jobVersion: row.job_version,
    environment: row.environment,
    pipelineName: row.pipeline_name,
    flinkJobId: row.flink_job_id,
    state: row.state as RealtimeState,
    flinkState: row.flink_state,
    desired: row.desired_state as DesiredState,
    revision: row.revision,
    params: fromJson<Record<string, unknown>>(row.params),
    secretParams: row.secret_params ? Buffer.from(row.secret_params) : null,
    restoreMode: row.restore_mode,
    restorePath: row.restore_path,
    allowNonRestored: row.allow_non_restored === 1,
    submitSeq: row.submit_seq,
    submitRequestedAt: row.submit_requested_at,
    submittedAt: row.submitted_at,
    restartCount: row.restart_count,
    autoRestart: fromJson<AutoRestartSettings>(row.auto_restart),
    autoRestartAttempts: row.auto_restart_attempts,
    nextRestartAt: row.next_restart_at,
    stopTriggerId: row.stop_trigger_id,
    savepointPath: row.savepoint_path,
    lastError: row.last_error,
    lastTraceback: row.last_traceback,
    lastErrorAt: row.last_error_at,
    lostSince: row.lost_since,
    observedAt: row.observed_at,
    observedBy: row.observed_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    runningSince: row.running_since,
    endedAt: row.ended_at,
  };
}

type Executor = RealtimeDb | Transaction<Database & RealtimeTables>;

/** SQL for deployments, their events, and recorded savepoints/checkpoints. */
@Injectable()
export class RealtimeRepository {
  private readonly db: RealtimeDb;

  constructor(@Inject(DB) db: Kysely<Database>) {
    this.db = db.withTables<RealtimeTables>();
  }

  /**
   * Creates a deployment and its first event, unless the job already has an active one (one that
   * has not ended): the job row is locked, so two concurrent starts cannot both pass the check.
   * `supersede` may end a `lost` deployment whose job the cluster no longer knows.
   */
  async createDeployment(
    input: NewDeployment,
    event: NewEvent,
    supersede?: (active: Deployment) => string | undefined,
  ): Promise<Deployment> {
    const id = await this.db.transaction().execute(async (trx) => {
      await trx.selectFrom('jobs').select('id').where('id', '=', input.jobId).forUpdate().execute();
      const activeRow = await trx
        .selectFrom('realtime_deployments')
        .selectAll()
        .where('job_id', '=', input.jobId)
        .where('ended_at', 'is', null)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      const now = new Date();
      if (activeRow) {
        const active = toDeployment(activeRow);
        const why = supersede?.(active);
        if (why === undefined) throw new DeploymentActiveError(active);
        await trx
          .updateTable('realtime_deployments')
          .set({ ended_at: now, updated_at: now, revision: sql`revision + 1` })
          .where('id', '=', active.id)
          .execute();
        await this.insertEvents(trx, active.jobId, active.id, [{ type: 'superseded', message: why }], now);
      }
      const inserted = await trx
        .insertInto('realtime_deployments')
        .values({
          job_id: input.jobId,
          job_version: input.jobVersion,
          environment: input.environment,
          pipeline_name: input.pipelineName,
          state: input.state ?? 'starting',
          desired_state: 'running',
          restart_count: input.restartCount ?? 0,
          params: JSON.stringify(input.params),
          secret_params: input.secretParams,
          restore_mode: input.restoreMode,
          restore_path: input.restorePath,
          allow_non_restored: input.allowNonRestored ? 1 : 0,
          submit_seq: 1,
          submit_requested_at: now,
          auto_restart: JSON.stringify(input.autoRestart),
          created_at: now,
          updated_at: now,
        })
        .executeTakeFirstOrThrow();
      const newId = Number(inserted.insertId);
      await this.insertEvents(trx, input.jobId, newId, [event], now);
      return newId;
    });
    return (await this.findById(id))!;
  }

  async findById(id: number): Promise<Deployment | undefined> {
    const row = await this.db
      .selectFrom('realtime_deployments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toDeployment(row) : undefined;
  }

  /** The job's newest deployment (active or not). */
  async latest(jobId: number): Promise<Deployment | undefined> {
    const row = await this.db
      .selectFrom('realtime_deployments')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row ? toDeployment(row) : undefined;
  }

  /** The newest deployment of every job that has one, with the job's name (the jobs list). */
  async latestPerJob(): Promise<{ jobName: string; deployment: Deployment }[]> {
    const rows = await this.db
      .selectFrom('realtime_deployments as d')
      .innerJoin('jobs as j', 'j.id', 'd.job_id')
      .selectAll('d')
      .select('j.name as job_name')
      .where('d.id', 'in', (eb) =>
        eb
          .selectFrom('realtime_deployments')
          .select((e) => e.fn.max('id').as('id'))
          .groupBy('job_id'),
      )
      .orderBy('j.name')
      .execute();
    return rows.map(({ job_name, ...row }) => ({ jobName: job_name, deployment: toDeployment(row) }));
  }

  /** Deployments that have not ended: what the reconciler looks after. */
  async active(): Promise<Deployment[]> {
    const rows = await this.db
      .selectFrom('realtime_deployments')
      .selectAll()
      .where('ended_at', 'is', null)
      .orderBy('id')
      .execute();
    return rows.map(toDeployment);
  }

  /** Active deployments whose job was deleted. */
  async orphaned(): Promise<Deployment[]> {
    const rows = await this.db
      .selectFrom('realtime_deployments as d')
      .leftJoin('jobs as j', 'j.id', 'd.job_id')
      .selectAll('d')
      .where('d.ended_at', 'is', null)
      .where('j.id', 'is', null)
      .execute();
    return rows.map(toDeployment);
  }

  /** Flink job ids any deployment ever had (current or in its events): never re-attached to another. */
  async knownFlinkJobIds(): Promise<Set<string>> {
    const [current, past] = await Promise.all([
      this.db
        .selectFrom('realtime_deployments')
        .select('flink_job_id')
        .where('flink_job_id', 'is not', null)
        .execute(),
      this.db
        .selectFrom('realtime_events')
        .select('flink_job_id')
        .distinct()
        .where('flink_job_id', 'is not', null)
        .execute(),
    ]);
    return new Set([...current, ...past].map((r) => r.flink_job_id as string));
  }

  /**
   * Applies `changes` if the row still has `revision` (nobody else changed it since it was read),
   * with the events, in one transaction. Returns the updated deployment, or undefined on conflict.
   */
  async update(
    deployment: Pick<Deployment, 'id' | 'jobId' | 'revision' | 'flinkJobId'>,
    changes: DeploymentChanges,
    events: readonly NewEvent[] = [],
  ): Promise<Deployment | undefined> {
    const updated = await this.db.transaction().execute(async (trx) => {
      const now = new Date();
      const result = await trx
        .updateTable('realtime_deployments')
        .set({ ...toUpdate(changes), updated_at: now, revision: sql`revision + 1` })
        .where('id', '=', deployment.id)
        .where('revision', '=', deployment.revision)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      const flinkJobId = changes.flinkJobId !== undefined ? changes.flinkJobId : deployment.flinkJobId;
      await this.insertEvents(
        trx,
        deployment.jobId,
        deployment.id,
        events.map((e) => ({ flinkJobId, ...e })),
        now,
      );
      return true;
    });
    return updated ? this.findById(deployment.id) : undefined;
  }

  /**
   * Records the Flink job id of submission `seq`, whatever else changed meanwhile (the reconciler
   * may have moved the row on), unless a newer submission or another job id took its place.
   */
  async completeSubmission(
    deployment: Pick<Deployment, 'id' | 'jobId'>,
    seq: number,
    flinkJobId: string,
    event: NewEvent,
  ): Promise<'recorded' | 'already' | 'superseded'> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('realtime_deployments')
        .select(['submit_seq', 'flink_job_id'])
        .where('id', '=', deployment.id)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.submit_seq !== seq) return 'superseded';
      if (row.flink_job_id === flinkJobId) return 'already';
      if (row.flink_job_id !== null) return 'superseded';
      const now = new Date();
      await trx
        .updateTable('realtime_deployments')
        .set({ flink_job_id: flinkJobId, submitted_at: now, updated_at: now, revision: sql`revision + 1` })
        .where('id', '=', deployment.id)
        .execute();
      await this.insertEvents(trx, deployment.jobId, deployment.id, [{ flinkJobId, ...event }], now);
      return 'recorded';
    });
  }

  async addEvents(deployment: Pick<Deployment, 'id' | 'jobId' | 'flinkJobId'>, events: readonly NewEvent[]) {
    await this.insertEvents(
      this.db,
      deployment.jobId,
      deployment.id,
      events.map((e) => ({ flinkJobId: deployment.flinkJobId, ...e })),
      new Date(),
    );
  }

  private async insertEvents(
    db: Executor,
    jobId: number,
    deploymentId: number,
    events: readonly NewEvent[],
    at: Date,
  ): Promise<void> {
    if (events.length === 0) return;
    await db
      .insertInto('realtime_events')
      .values(
        events.map((e) => ({
          job_id: jobId,
          deployment_id: deploymentId,
          at,
          type: e.type,
          from_state: e.from ?? null,
          to_state: e.to ?? null,
          flink_job_id: e.flinkJobId ?? null,
          message: e.message.slice(0, 60_000),
        })),
      )
      .execute();
  }

  async history(jobId: number, options: { beforeId?: number; limit: number }): Promise<EventView[]> {
    let query = this.db.selectFrom('realtime_events').selectAll().where('job_id', '=', jobId);
    if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
    const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
    return rows.map((r: EventRow) => ({
      id: Number(r.id),
      deploymentId: Number(r.deployment_id),
      at: r.at,
      type: r.type,
      fromState: r.from_state,
      toState: r.to_state,
      flinkJobId: r.flink_job_id,
      message: r.message,
    }));
  }

  /**
   * Records a savepoint or checkpoint (once per path). Flink keeps only the newest retained
   * checkpoints of a job, so a newer checkpoint of the same Flink job replaces the older row.
   */
  async recordRestorePoint(point: {
    jobId: number;
    deploymentId: number;
    flinkJobId: string;
    jobVersion: number;
    kind: 'savepoint' | 'checkpoint';
    path: string;
    checkpointId?: number;
    createdAt: Date;
  }): Promise<boolean> {
    const pathHash = createHash('sha256').update(point.path).digest('hex');
    return this.db.transaction().execute(async (trx) => {
      const exists = await trx
        .selectFrom('realtime_savepoints')
        .select('id')
        .where('job_id', '=', point.jobId)
        .where('path_hash', '=', pathHash)
        .executeTakeFirst();
      if (exists) return false;
      if (point.kind === 'checkpoint') {
        await trx
          .deleteFrom('realtime_savepoints')
          .where('flink_job_id', '=', point.flinkJobId)
          .where('kind', '=', 'checkpoint')
          .execute();
      }
      await trx
        .insertInto('realtime_savepoints')
        .values({
          job_id: point.jobId,
          deployment_id: point.deploymentId,
          flink_job_id: point.flinkJobId,
          job_version: point.jobVersion,
          kind: point.kind,
          path: point.path,
          path_hash: pathHash,
          checkpoint_id: point.checkpointId ?? null,
          created_at: point.createdAt,
          recorded_at: new Date(),
        })
        .execute();
      return true;
    });
  }

  async restorePoints(jobId: number): Promise<RestorePointRow[]> {
    const rows = await this.db
      .selectFrom('realtime_savepoints')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      deploymentId: r.deployment_id === null ? null : Number(r.deployment_id),
      flinkJobId: r.flink_job_id,
      jobVersion: r.job_version,
      kind: r.kind as 'savepoint' | 'checkpoint',
      path: r.path,
      checkpointId: r.checkpoint_id === null ? null : Number(r.checkpoint_id),
      createdAt: r.created_at,
    }));
  }

  /** Removes what Sluice recorded about a deleted job (not the savepoint files themselves). */
  async deleteJobRecords(jobId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('realtime_events').where('job_id', '=', jobId).execute();
      await trx.deleteFrom('realtime_savepoints').where('job_id', '=', jobId).execute();
      await trx.deleteFrom('realtime_deployments').where('job_id', '=', jobId).execute();
    });
  }
}
