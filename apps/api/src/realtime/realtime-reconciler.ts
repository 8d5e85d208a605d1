import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job as DagJob, Parameter } from '@sluice/dag';
import {
  type FlinkJobSummary,
  FlinkNotFoundError,
  type FlinkRestClient,
  FlinkUnreachableError,
} from '@sluice/flink';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { JobsRepository } from '../jobs/jobs.repository.js';
import { QueueRegistry } from '../scheduler/queue-registry.js';
import { findSubmittedJob } from './attach-by-name.js';
import { DeploymentParams } from './deployment-params.js';
import { FLINK_REST } from './flink-rest.provider.js';
import {
  type Deployment,
  type DeploymentChanges,
  type NewEvent,
  RealtimeRepository,
} from './realtime.repository.js';
import { FLINK_TERMINAL } from './realtime-state.js';
import { submitQueueJobId } from './realtime-submit.processor.js';
import { type Decision, type DeploymentSnapshot, decide, type Observation } from './reconcile-decision.js';
import { chooseRestorePoint, restorePointExists } from './restore-point.js';

/** Consecutive unanswered polls before deployments count as lost: one timeout is not an outage. */
export const LOST_AFTER_FAILURES = 2;
/** A submission with neither a queue job nor a Flink job this long after it was requested is lost. */
const SUBMISSION_GRACE_MS = 30_000;
/** Running jobs' latest checkpoint is recorded this often (it is what "restore latest" resumes). */
const CHECKPOINT_POLL_MS = 15_000;
/** `observed_at` alone is refreshed this often; state changes are written at once. */
const OBSERVED_REFRESH_MS = 10_000;
const TRACEBACK_LIMIT = 30_000;
/** Half-second retries while a FAILED job's exception history is still empty. */
const EXCEPTION_RETRIES = 10;

export interface ReconcileContext {
  /** Written to `observed_by`: which process reconciled. */
  holder: string;
  /** Checked right before side effects (cancels, restarts): the lease may have moved on. */
  stillLeader: () => Promise<boolean>;
}

export interface ReconcileOutcome {
  deployments: number;
  reachable: boolean;
  changed: number;
}

/**
 * One reconcile pass over every active deployment: ask the cluster (`GET /jobs/overview`, one
 * request for all jobs), decide per deployment with the pure {@link decide}, fetch what the
 * decision needs (exceptions with the Python traceback, checkpoints), and write each change as a
 * conditional update with its events. Runs only in the leader (see `leader-lease.ts`); every write
 * is conditional on the row's revision, so a concurrent API request or a stale leader loses
 * instead of overwriting.
 */
@Injectable()
export class RealtimeReconciler {
  private readonly logger = new Logger('RealtimeReconciler');
  private unanswered = 0;
  private lastReason = '';
  private readonly checkpointPolledAt = new Map<number, number>();
  private readonly parameters = new Map<string, Parameter[]>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FLINK_REST) private readonly flink: FlinkRestClient,
    private readonly repo: RealtimeRepository,
    private readonly jobs: JobsRepository,
    private readonly params: DeploymentParams,
    private readonly queues: QueueRegistry,
  ) {}

  async reconcile(ctx: ReconcileContext, now = new Date()): Promise<ReconcileOutcome> {
    await this.cleanOrphans(ctx);
    const deployments = await this.repo.active();
    if (deployments.length === 0) {
      this.unanswered = 0;
      return { deployments: 0, reachable: true, changed: 0 };
    }
    let jobs: FlinkJobSummary[];
    try {
      jobs = await this.flink.listJobs({
        timeoutMs: Math.min(this.config.realtime.reconcileIntervalMs, 5_000),
      });
      this.unanswered = 0;
    } catch (error) {
      this.unanswered++;
      this.lastReason = error instanceof Error ? error.message : String(error);
      if (this.unanswered < LOST_AFTER_FAILURES)
        return { deployments: deployments.length, reachable: false, changed: 0 };
      let changed = 0;
      for (const d of deployments) {
        // Submissions in flight fail on their own; only jobs Sluice knows can be lost.
        if (d.flinkJobId === null || d.nextRestartAt !== null) continue;
        if (
          await this.apply(
            d,
            decide(snapshot(d), { kind: 'unreachable', reason: this.lastReason }, now),
            ctx,
            now,
          )
        )
          changed++;
      }
      return { deployments: deployments.length, reachable: false, changed };
    }

    const byId = new Map(jobs.map((j) => [j.id, j]));
    const known = await this.repo.knownFlinkJobIds();
    let changed = 0;
    for (const d of deployments) {
      try {
        if (d.flinkJobId === null && d.nextRestartAt === null) {
          if (await this.unsubmitted(d, jobs, known, now)) changed++;
          continue;
        }
        const observation =
          d.flinkJobId === null ? ({ kind: 'missing' } as const) : await this.observe(d, byId);
        if (!observation) continue;
        if (
          d.desired === 'cancelled' &&
          observation.kind === 'job' &&
          !FLINK_TERMINAL.has(observation.state) &&
          observation.state !== 'CANCELLING' &&
          (await ctx.stillLeader())
        ) {
          // A cancel that could not reach the cluster (or raced a submission): repeat it.
          await this.flink.cancel(d.flinkJobId as string, { timeoutMs: 5_000 }).catch(() => undefined);
        }
        const decision = decide(snapshot(d), observation, now);
        if (decision.restartDue) {
          if (await this.restart(d, ctx, now)) changed++;
          continue;
        }
        if (await this.apply(d, decision, ctx, now)) changed++;
      } catch (error) {
        this.logger.warn(`deployment ${d.id}: reconcile failed: ${(error as Error).message}`);
      }
    }
    return { deployments: deployments.length, reachable: true, changed };
  }

  /** The job's state from the overview; a job missing there is confirmed with `GET /jobs/:id`. */
  private async observe(d: Deployment, byId: Map<string, FlinkJobSummary>): Promise<Observation | undefined> {
    const id = d.flinkJobId as string;
    const listed = byId.get(id);
    if (listed) return { kind: 'job', state: listed.state };
    try {
      return { kind: 'job', state: (await this.flink.job(id, { timeoutMs: 5_000 })).state };
    } catch (error) {
      if (error instanceof FlinkNotFoundError) return { kind: 'missing' };
      if (error instanceof FlinkUnreachableError) return undefined; // next pass decides
      throw error;
    }
  }

  /** Writes a decision, after fetching what it needs. Returns whether anything was written. */
  private async apply(d: Deployment, decision: Decision, ctx: ReconcileContext, now: Date): Promise<boolean> {
    const changes: DeploymentChanges = { ...decision.patch };
    const events: NewEvent[] = decision.events.map((e) => ({ ...e }));
    const jobId = d.flinkJobId;
    if (jobId && decision.needsExceptions) await this.readFailure(d, jobId, changes, events);
    if (jobId && (decision.needsCheckpoints || this.checkpointDue(d, now)))
      await this.recordCheckpoints(d, jobId, now);
    if (jobId && d.stopTriggerId && changes.state === 'stopped' && !d.savepointPath) {
      await this.finishStop(d, jobId, changes);
    }
    const meaningful = Object.keys(changes).some((k) => k !== 'observedAt') || events.length > 0;
    const stale =
      !d.observedAt ||
      now.getTime() - d.observedAt.getTime() >= OBSERVED_REFRESH_MS ||
      d.observedBy !== ctx.holder;
    if (!meaningful && !(changes.observedAt && stale)) return false;
    if (changes.observedAt) changes.observedBy = ctx.holder;
    const updated = await this.repo.update(d, changes, events);
    if (updated) {
      for (const e of events) {
        this.logger.log(
          `deployment ${d.id} (${d.pipelineName}): ${e.type}${e.to ? ` -> ${e.to}` : ''}: ${e.message}`,
        );
      }
    }
    return updated !== undefined && meaningful;
  }

  /** Stores the root exception and Python traceback of a failed job (secrets redacted). */
  private async readFailure(d: Deployment, jobId: string, changes: DeploymentChanges, events: NewEvent[]) {
    try {
      let exceptions = await this.flink.exceptions(jobId, { timeoutMs: 5_000 });
      // Flink may report FAILED a moment before the failure is in the job's exception history.
      for (let i = 0; i < EXCEPTION_RETRIES && exceptions.entries.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        exceptions = await this.flink.exceptions(jobId, { timeoutMs: 5_000 });
      }
      const redact = await this.params.redactor(await this.declared(d), d);
      const summary = redact(exceptions.summary ?? 'no exception was reported');
      const trace = exceptions.pythonTraceback ?? exceptions.entries[0]?.stackTrace ?? null;
      changes.lastError = `Flink job ${jobId} failed: ${summary}`;
      changes.lastTraceback = trace === null ? null : redact(trace).slice(0, TRACEBACK_LIMIT);
      changes.lastErrorAt = new Date();
      for (const e of events) {
        if (e.to === 'failed' || e.type === 'restart-scheduled' || e.type === 'restart-limit') {
          e.message = `${e.message}: ${summary}`;
        }
      }
    } catch (error) {
      changes.lastError = `Flink job ${jobId} failed; its exceptions could not be read (${(error as Error).message})`;
      changes.lastErrorAt = new Date();
    }
  }

  private checkpointDue(d: Deployment, now: Date): boolean {
    if (d.state !== 'running') return false;
    return now.getTime() - (this.checkpointPolledAt.get(d.id) ?? 0) >= CHECKPOINT_POLL_MS;
  }

  /** Records the job's latest completed checkpoint and savepoint, so a later start can resume. */
  async recordCheckpoints(d: Deployment, jobId: string, now = new Date()): Promise<void> {
    this.checkpointPolledAt.set(d.id, now.getTime());
    try {
      const stats = await this.flink.checkpoints(jobId, { timeoutMs: 5_000 });
      for (const ref of [stats.latestCompleted, stats.latestSavepoint]) {
        if (!ref?.externalPath) continue;
        await this.repo.recordRestorePoint({
          jobId: d.jobId,
          deploymentId: d.id,
          flinkJobId: jobId,
          jobVersion: d.jobVersion,
          kind: ref.isSavepoint ? 'savepoint' : 'checkpoint',
          path: ref.externalPath,
          checkpointId: ref.id,
          createdAt: new Date(ref.timestamp || now.getTime()),
        });
      }
    } catch (error) {
      this.logger.debug(
        `deployment ${d.id}: checkpoints of ${jobId} unavailable: ${(error as Error).message}`,
      );
    }
  }

  /** A stop whose requesting process went away: take the savepoint's location from Flink. */
  private async finishStop(d: Deployment, jobId: string, changes: DeploymentChanges): Promise<void> {
    try {
      const status = await this.flink.savepointStatus(jobId, d.stopTriggerId as string, { timeoutMs: 5_000 });
      if (status.status !== 'COMPLETED') return;
      changes.savepointPath = status.location;
      await this.repo.recordRestorePoint({
        jobId: d.jobId,
        deploymentId: d.id,
        flinkJobId: jobId,
        jobVersion: d.jobVersion,
        kind: 'savepoint',
        path: status.location,
        createdAt: new Date(),
      });
    } catch {
      // Flink forgets trigger ids after a while; the savepoint is then in the checkpoint stats.
    }
  }

  /**
   * A deployment without a Flink job id: its submission is queued or running (the processor
   * records the id), or its answer was lost: then a job by its name is attached, and with neither
   * a live queue job nor a Flink job, the submission failed.
   */
  private async unsubmitted(
    d: Deployment,
    jobs: FlinkJobSummary[],
    known: ReadonlySet<string>,
    now: Date,
  ): Promise<boolean> {
    if (await this.submissionQueued(d)) return false;
    const found = findSubmittedJob(jobs, d, known);
    if (found) {
      const outcome = await this.repo.completeSubmission(d, d.submitSeq, found.id, {
        type: 're-attached',
        message: `found Flink job ${found.id} by its name ${d.pipelineName}: the answer of its submission was lost`,
      });
      return outcome === 'recorded';
    }
    if (!d.submitRequestedAt || now.getTime() - d.submitRequestedAt.getTime() < SUBMISSION_GRACE_MS)
      return false;
    const cancelled = d.desired !== 'running';
    const message = cancelled
      ? 'cancelled before a Flink job existed'
      : `submission lost: no queued submission and no Flink job named ${d.pipelineName} (the submitting process went away)`;
    const updated = await this.repo.update(
      d,
      cancelled
        ? { state: 'cancelled', endedAt: now }
        : { state: 'failed', lastError: message, lastErrorAt: now, endedAt: now },
      [
        {
          type: cancelled ? 'state' : 'submit-failed',
          from: d.state,
          to: cancelled ? 'cancelled' : 'failed',
          message,
        },
      ],
    );
    return updated !== undefined;
  }

  private async submissionQueued(d: Deployment): Promise<boolean> {
    const queue = this.queues.queue('flink-submits');
    const direct = await queue.getJob(submitQueueJobId(d.id, d.submitSeq));
    if (direct && !(await direct.isCompleted()) && !(await direct.isFailed())) return true;
    const pending = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized']);
    return pending.some((j) => j?.data?.deploymentId === d.id && j.data?.seq === d.submitSeq);
  }

  /** Claims a due automatic restart (conditional update) and queues its submission. */
  private async restart(d: Deployment, ctx: ReconcileContext, now: Date): Promise<boolean> {
    if (!(await ctx.stillLeader())) return false;
    const points = await this.repo.restorePoints(d.jobId);
    const choice = chooseRestorePoint('latest', points, restorePointExists);
    const restorePath = choice.ok ? (choice.point?.path ?? null) : null;
    const attempt = d.autoRestartAttempts + 1;
    const claimed = await this.repo.update(
      d,
      {
        state: 'restarting',
        nextRestartAt: null,
        flinkJobId: null,
        flinkState: null,
        lostSince: null,
        runningSince: null,
        submitSeq: d.submitSeq + 1,
        submitRequestedAt: now,
        restartCount: d.restartCount + 1,
        autoRestartAttempts: attempt,
        restorePath,
        observedAt: now,
        observedBy: ctx.holder,
      },
      [
        {
          type: 'restarting',
          from: d.state,
          to: 'restarting',
          message: `automatic restart ${attempt} of ${d.autoRestart.maxAttempts}${restorePath ? ` from ${restorePath}` : ' without state (no savepoint or checkpoint)'}`,
        },
      ],
    );
    if (!claimed) return false;
    await this.queues.add(
      'flink.submit',
      { deploymentId: d.id, seq: claimed.submitSeq },
      { jobId: submitQueueJobId(d.id, claimed.submitSeq), removeOnComplete: 100, removeOnFail: 100 },
    );
    return true;
  }

  /** Deployments whose job was deleted: cancel what still runs, then forget them. */
  private async cleanOrphans(ctx: ReconcileContext): Promise<void> {
    const orphans = await this.repo.orphaned();
    for (const d of orphans) {
      if (!(await ctx.stillLeader())) return;
      if (d.flinkJobId) {
        try {
          const job = await this.flink.job(d.flinkJobId, { timeoutMs: 5_000 });
          if (!FLINK_TERMINAL.has(job.state)) await this.flink.cancel(d.flinkJobId);
        } catch (error) {
          if (!(error instanceof FlinkNotFoundError)) continue; // retry next pass
        }
      }
      this.logger.warn(
        `job ${d.jobId} was deleted: cancelled its Flink job ${d.flinkJobId ?? '(none)'} and removed its records`,
      );
      await this.repo.deleteJobRecords(d.jobId);
    }
  }

  private async declared(d: Deployment): Promise<Parameter[]> {
    const key = `${d.jobId}:${d.jobVersion}`;
    let params = this.parameters.get(key);
    if (!params) {
      const version = await this.jobs.version(d.jobId, d.jobVersion);
      params = (version?.document as DagJob | undefined)?.parameters ?? [];
      this.parameters.set(key, params);
    }
    return params;
  }
}

function snapshot(d: Deployment): DeploymentSnapshot {
  return {
    state: d.state,
    desired: d.desired,
    flinkJobId: d.flinkJobId,
    flinkState: d.flinkState,
    lostSince: d.lostSince,
    nextRestartAt: d.nextRestartAt,
    runningSince: d.runningSince,
    autoRestart: d.autoRestart,
    autoRestartAttempts: d.autoRestartAttempts,
  };
}
