import { Inject, Injectable } from '@nestjs/common';
import { type Kysely, sql } from 'kysely';
import {
  type Database,
  DB,
  type NewRun,
  type NodeRunRow,
  type RunLogRow,
  type RunRow,
  type RunUpdate,
} from '../db/index.js';
import { ACTIVE_STATUSES, type RunStatus, type RunTrigger, WAITING_STATUSES } from './run-status.js';

export interface RunListFilter {
  jobId?: number;
  status?: RunStatus;
  /** Runs with a smaller id (older), for paging. */
  beforeId?: number;
  limit: number;
}

export interface NewRunInput {
  jobId: number;
  jobVersion: number;
  trigger: RunTrigger;
  scheduledFor: Date | null;
  attempt: number;
  retryOf: number | null;
  params: Record<string, unknown>;
  secretParams: Buffer | null;
  status?: 'INIT' | 'SKIPPED' | 'FAILED';
  error?: string;
}

export interface NodeStatsRow {
  nodeId: string;
  name: string;
  kind: string;
  status: string;
  recordsIn: number;
  recordsOut: number;
  batchesIn: number;
  batchesOut: number;
  busyMs: number;
  startedAt?: Date;
  finishedAt?: Date;
}

export interface LogLineRow {
  seq: number;
  at: Date;
  level: string;
  stream: string;
  node?: string;
  message: string;
  traceback?: string;
}

export type ClaimResult = 'claimed' | 'wait' | 'not-queued' | 'cancelled';

const isDuplicate = (error: unknown) => (error as { code?: string }).code === 'ER_DUP_ENTRY';

/** SQL for runs, their per-node stats and their logs. State changes are conditional updates, so
 * that two processes racing on one run (a stalled job redelivered, two reconcilers) cannot both win. */
@Injectable()
export class RunsRepository {
  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  private toInsert(input: NewRunInput, now: Date): NewRun {
    const terminal = input.status === 'SKIPPED' || input.status === 'FAILED';
    return {
      job_id: input.jobId,
      job_version: input.jobVersion,
      trigger_type: input.trigger,
      scheduled_for: input.scheduledFor,
      attempt: input.attempt,
      retry_of: input.retryOf,
      status: input.status ?? 'INIT',
      params: JSON.stringify(input.params),
      secret_params: input.secretParams,
      error: input.error ?? null,
      created_at: now,
      finished_at: terminal ? now : null,
    };
  }

  async insert(input: NewRunInput): Promise<RunRow> {
    const result = await this.db
      .insertInto('runs')
      .values(this.toInsert(input, new Date()))
      .executeTakeFirstOrThrow();
    return (await this.findById(Number(result.insertId)))!;
  }

  /**
   * Records the run of one cron tick, at most once per (job, tick, attempt): when another process
   * already recorded it, returns that run with `created: false`. `decide` sees how many runs of
   * the job are active, under a lock on the job row, and picks INIT (run it) or SKIPPED (overlap).
   */
  async insertTickRun(
    input: Omit<NewRunInput, 'status' | 'error'> & { scheduledFor: Date },
    decide: (active: RunRow[]) => { status: 'INIT' } | { status: 'SKIPPED' | 'FAILED'; error: string },
  ): Promise<{ run: RunRow; created: boolean }> {
    const existing = await this.findTick(input.jobId, input.scheduledFor, input.attempt);
    if (existing) return { run: existing, created: false };
    try {
      const id = await this.db.transaction().execute(async (trx) => {
        await trx.selectFrom('jobs').select('id').where('id', '=', input.jobId).forUpdate().execute();
        const active = await trx
          .selectFrom('runs')
          .selectAll()
          .where('job_id', '=', input.jobId)
          .where('status', 'in', [...ACTIVE_STATUSES])
          .orderBy('id')
          .execute();
        const decision = decide(active);
        const result = await trx
          .insertInto('runs')
          .values(this.toInsert({ ...input, ...decision }, new Date()))
          .executeTakeFirstOrThrow();
        return Number(result.insertId);
      });
      return { run: (await this.findById(id))!, created: true };
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      const run = await this.findTick(input.jobId, input.scheduledFor, input.attempt);
      if (!run) throw error;
      return { run, created: false };
    }
  }

  private findTick(jobId: number, scheduledFor: Date, attempt: number): Promise<RunRow | undefined> {
    return this.db
      .selectFrom('runs')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('scheduled_for', '=', scheduledFor)
      .where('attempt', '=', attempt)
      .executeTakeFirst();
  }

  findById(id: number): Promise<RunRow | undefined> {
    return this.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(filter: RunListFilter): Promise<RunRow[]> {
    let query = this.db.selectFrom('runs').selectAll();
    if (filter.jobId !== undefined) query = query.where('job_id', '=', filter.jobId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  }

  /** Moves a run from one of `from` to `to` (with extra fields); false if it was not in `from`. */
  async transition(
    id: number,
    from: readonly RunStatus[],
    to: RunStatus,
    fields: RunUpdate = {},
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('runs')
      .set({ ...fields, status: to })
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async update(id: number, fields: RunUpdate): Promise<void> {
    await this.db.updateTable('runs').set(fields).where('id', '=', id).execute();
  }

  /**
   * Takes one of the job's `concurrency` slots for a waiting run, oldest waiting run first, under
   * a lock on the job row so that workers in several processes agree. `wait` means: no slot, or
   * older runs of the job are ahead in line.
   */
  async claimSlot(runId: number, jobId: number, concurrency: number, worker: string): Promise<ClaimResult> {
    return this.db.transaction().execute(async (trx) => {
      await trx.selectFrom('jobs').select('id').where('id', '=', jobId).forUpdate().execute();
      const run = await trx
        .selectFrom('runs')
        .select(['status', 'cancel_requested'])
        .where('id', '=', runId)
        .executeTakeFirst();
      // INIT too: the worker can pick the job up before the dispatcher marked the row QUEUED.
      if (!run || (run.status !== 'QUEUED' && run.status !== 'INIT')) return 'not-queued';
      if (run.cancel_requested === 1) return 'cancelled';
      const active = await trx
        .selectFrom('runs')
        .select(['id', 'status'])
        .where('job_id', '=', jobId)
        .where('status', 'in', [...ACTIVE_STATUSES])
        .orderBy('id')
        .execute();
      const running = active.filter((r) => r.status === 'RUNNING').length;
      const ahead = active.filter(
        (r) => (WAITING_STATUSES as readonly string[]).includes(r.status) && r.id < runId,
      ).length;
      if (running + ahead >= concurrency) return 'wait';
      const now = new Date();
      await trx
        .updateTable('runs')
        .set({ status: 'RUNNING', started_at: now, heartbeat_at: now, worker })
        .where('id', '=', runId)
        .execute();
      return 'claimed';
    });
  }

  /** Refreshes the run's heartbeat; returns whether a cancel was requested meanwhile. */
  async heartbeat(id: number): Promise<{ cancelRequested: boolean; status?: string }> {
    await this.db
      .updateTable('runs')
      .set({ heartbeat_at: new Date() })
      .where('id', '=', id)
      .where('status', '=', 'RUNNING')
      .execute();
    const row = await this.db
      .selectFrom('runs')
      .select(['cancel_requested', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
    return { cancelRequested: row?.cancel_requested === 1, status: row?.status };
  }

  /** RUNNING runs whose heartbeat is older than `cutoff`: their worker may be gone. */
  staleRunning(cutoff: Date): Promise<RunRow[]> {
    return this.db
      .selectFrom('runs')
      .selectAll()
      .where('status', '=', 'RUNNING')
      .where((eb) => eb.or([eb('heartbeat_at', '<', cutoff), eb('heartbeat_at', 'is', null)]))
      .execute();
  }

  /** INIT/QUEUED runs created before `cutoff`: their queue job may have been lost. */
  waitingSince(cutoff: Date): Promise<RunRow[]> {
    return this.db
      .selectFrom('runs')
      .selectAll()
      .where('status', 'in', [...WAITING_STATUSES])
      .where('created_at', '<', cutoff)
      .execute();
  }

  async activeRuns(jobId: number): Promise<RunRow[]> {
    return this.db
      .selectFrom('runs')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('status', 'in', [...ACTIVE_STATUSES])
      .execute();
  }

  /** The latest tick any run of the job was recorded for (schedule, catch-up or a retry of one). */
  async lastScheduledFor(jobId: number): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('runs')
      .select(sql<Date | null>`max(scheduled_for)`.as('last'))
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return row?.last ?? undefined;
  }

  async requestCancel(id: number): Promise<void> {
    await this.db.updateTable('runs').set({ cancel_requested: 1 }).where('id', '=', id).execute();
  }

  async upsertNodeStats(runId: number, nodes: readonly NodeStatsRow[]): Promise<void> {
    if (nodes.length === 0) return;
    await this.db
      .insertInto('node_runs')
      .values(
        nodes.map((n) => ({
          run_id: runId,
          node_id: n.nodeId,
          name: n.name,
          kind: n.kind,
          status: n.status,
          records_in: n.recordsIn,
          records_out: n.recordsOut,
          batches_in: n.batchesIn,
          batches_out: n.batchesOut,
          busy_ms: Math.round(n.busyMs),
          started_at: n.startedAt ?? null,
          finished_at: n.finishedAt ?? null,
        })),
      )
      .onDuplicateKeyUpdate((eb) => ({
        status: eb.fn('values', [eb.ref('status')]),
        records_in: eb.fn('values', [eb.ref('records_in')]),
        records_out: eb.fn('values', [eb.ref('records_out')]),
        batches_in: eb.fn('values', [eb.ref('batches_in')]),
        batches_out: eb.fn('values', [eb.ref('batches_out')]),
        busy_ms: eb.fn('values', [eb.ref('busy_ms')]),
        started_at: eb.fn('values', [eb.ref('started_at')]),
        finished_at: eb.fn('values', [eb.ref('finished_at')]),
      }))
      .execute();
  }

  nodeRuns(runIds: readonly number[]): Promise<NodeRunRow[]> {
    if (runIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('node_runs')
      .selectAll()
      .where('run_id', 'in', [...runIds])
      .execute();
  }

  async jobIdByName(name: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('jobs').select('id').where('name', '=', name).executeTakeFirst();
    return row?.id;
  }

  async jobNames(jobIds: readonly number[]): Promise<Map<number, string>> {
    if (jobIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('jobs')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(jobIds)])
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async appendLogs(runId: number, lines: readonly LogLineRow[]): Promise<void> {
    if (lines.length === 0) return;
    await this.db
      .insertInto('run_logs')
      .values(
        lines.map((l) => ({
          run_id: runId,
          seq: l.seq,
          at: l.at,
          level: l.level,
          stream: l.stream,
          node: l.node ?? null,
          message: l.message,
          traceback: l.traceback ?? null,
        })),
      )
      // A redelivered flush after a lost acknowledgement must not fail the run.
      .onDuplicateKeyUpdate({ seq: sql`seq` })
      .execute();
  }

  logs(runId: number, afterSeq: number, limit: number): Promise<RunLogRow[]> {
    return this.db
      .selectFrom('run_logs')
      .selectAll()
      .where('run_id', '=', runId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
  }
}
