import { Injectable, Logger } from '@nestjs/common';
import type { Job as DagJob } from '@sluice/dag';
import type { Job } from 'bullmq';
import type { RunRow } from '../db/index.js';
import { EnvironmentsService } from '../environments/environments.service.js';
import { JobsRepository, type StoredJob } from '../jobs/jobs.repository.js';
import { RunDispatcher } from '../runs/run-dispatcher.js';
import type { RunTrigger } from '../runs/run-status.js';
import { RunsRepository } from '../runs/runs.repository.js';
import { latestFireTime, misfireGraceMs } from './cron-times.js';
import { ScheduleRegistry } from './schedule-registry.js';
import { parsePayload } from './worker-catalog.js';

export type TickOutcome =
  | { kind: 'queued' | 'skipped' | 'failed' | 'duplicate'; run: RunRow }
  | { kind: 'missed' | 'not-scheduled' };

/** The tick a scheduler job stands for: BullMQ stores it as `prevMillis`, and in the job id. */
export function tickTimeOf(job: Job): Date {
  const fromOpts = (job.opts as { prevMillis?: number }).prevMillis;
  if (typeof fromOpts === 'number' && fromOpts > 0) return new Date(fromOpts);
  const fromId = /:(\d+)$/.exec(job.id ?? '');
  if (fromId) return new Date(Number(fromId[1]));
  return new Date(job.timestamp + (job.opts.delay ?? 0));
}

/**
 * Turns cron ticks into runs. Each tick is recorded at most once per job (the unique
 * `(job, scheduled_for, attempt)` key), whichever process handles it, and the overlap policy is
 * decided under a lock on the job row. A tick processed later than its misfire grace was missed
 * (no worker was up): with catch-up `none` nothing runs, with `latest` one run is recorded for the
 * latest tick that passed, which the boot-time catch-up computes the same way, so the two never
 * produce two runs.
 */
@Injectable()
export class DagTickProcessor {
  private readonly logger = new Logger('Ticks');

  constructor(
    private readonly jobs: JobsRepository,
    private readonly runs: RunsRepository,
    private readonly dispatcher: RunDispatcher,
    private readonly environments: EnvironmentsService,
    private readonly schedules: ScheduleRegistry,
  ) {}

  async process(job: Job): Promise<string> {
    const { jobId } = parsePayload('dag.tick', job.data);
    const outcome = await this.tick(jobId, tickTimeOf(job), new Date());
    return 'run' in outcome ? `${outcome.kind} run ${outcome.run.id}` : outcome.kind;
  }

  async tick(jobId: number, tick: Date, now: Date): Promise<TickOutcome> {
    const stored = await this.jobs.findById(jobId);
    const dag = stored?.document as DagJob | undefined;
    if (stored?.kind !== 'scheduled' || !stored.scheduleEnabled || !dag?.schedule) {
      // A scheduler outlived its job or its enable flag (e.g. a failed sync): remove it.
      await this.schedules.sync({ jobId, enabled: false }).catch(() => undefined);
      return { kind: 'not-scheduled' };
    }
    const { cron, timezone, catchUp } = dag.schedule;
    const lateness = now.getTime() - tick.getTime();
    if (lateness <= misfireGraceMs(cron, timezone, tick)) return this.record(stored, dag, tick, 'schedule');
    if (catchUp === 'none') {
      this.logger.warn(
        `job '${stored.name}': tick ${tick.toISOString()} missed by ${Math.round(lateness / 1000)} s; catch-up is none`,
      );
      return { kind: 'missed' };
    }
    const latest = latestFireTime(cron, timezone, now) ?? tick;
    return this.record(stored, dag, latest, 'catch-up');
  }

  /** Records the run of one tick (or finds it recorded) and queues it. */
  async record(
    stored: StoredJob,
    dag: DagJob,
    scheduledFor: Date,
    trigger: RunTrigger,
  ): Promise<TickOutcome> {
    const schedule = dag.schedule!;
    const envProblem = await this.environments.readiness(dag.environment);
    const { run, created } = await this.runs.insertTickRun(
      {
        jobId: stored.id,
        jobVersion: stored.version,
        trigger,
        scheduledFor,
        attempt: 1,
        retryOf: null,
        params: {},
        secretParams: null,
      },
      (active) => {
        if (envProblem) return { status: 'FAILED', error: `not started: ${envProblem}` };
        if (schedule.overlap === 'skip' && active.length >= schedule.concurrency) {
          const blocking = active.map((r) => `${r.id} (${r.status})`).join(', ');
          return {
            status: 'SKIPPED',
            error: `skipped: run${active.length === 1 ? '' : 's'} ${blocking} still going and overlap is skip`,
          };
        }
        return { status: 'INIT' };
      },
    );
    if (run.status === 'INIT') await this.dispatcher.dispatch(run);
    if (!created) return { kind: 'duplicate', run };
    if (run.status === 'SKIPPED') return { kind: 'skipped', run };
    if (run.status === 'FAILED') {
      this.logger.warn(`job '${stored.name}': ${run.error}`);
      return { kind: 'failed', run };
    }
    return { kind: 'queued', run };
  }
}
