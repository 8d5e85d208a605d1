import { Injectable, Logger } from '@nestjs/common';
import type { Job as DagJob } from '@sluice/dag';
import { JobsRepository } from '../jobs/jobs.repository.js';
import { RunsRepository } from '../runs/runs.repository.js';
import { latestFireTime, misfireGraceMs } from './cron-times.js';
import { DagTickProcessor, type TickOutcome } from './dag-tick.processor.js';
import { ScheduleRegistry } from './schedule-registry.js';

/**
 * Boot-time (and periodic) agreement between the database and BullMQ: every enabled scheduled
 * job has its job scheduler, nothing else has one, and jobs with catch-up `latest` get one run
 * for the latest tick they missed while no process was up.
 */
@Injectable()
export class SchedulerService {
  private readonly logger = new Logger('Scheduler');

  constructor(
    private readonly jobs: JobsRepository,
    private readonly runs: RunsRepository,
    private readonly schedules: ScheduleRegistry,
    private readonly ticks: DagTickProcessor,
  ) {}

  /** Registers missing schedulers, updates changed ones, removes orphans. */
  async reconcileSchedules(): Promise<{ changed: number; removed: number }> {
    const jobs = await this.jobs.listScheduled();
    let changed = 0;
    for (const job of jobs) {
      const dag = job.document as DagJob;
      try {
        const result = await this.schedules.sync({
          jobId: job.id,
          enabled: job.scheduleEnabled && dag.schedule !== undefined,
          cron: dag.schedule?.cron,
          timezone: dag.schedule?.timezone,
        });
        if (result !== 'unchanged' && result !== 'absent') changed++;
      } catch (error) {
        this.logger.error(`job '${job.name}': cannot register its schedule: ${(error as Error).message}`);
      }
    }
    const known = new Set(jobs.map((j) => j.id));
    let removed = 0;
    for (const jobId of await this.schedules.registeredJobIds()) {
      if (known.has(jobId)) continue;
      // Re-read: the job may have been created by another process after the list above.
      if (await this.jobs.findById(jobId)) continue;
      await this.schedules.sync({ jobId, enabled: false });
      removed++;
    }
    if (changed + removed > 0)
      this.logger.log(`schedules reconciled: ${changed} registered or updated, ${removed} removed`);
    return { changed, removed };
  }

  /**
   * For each enabled job with catch-up `latest`: if the latest tick before now (older than its
   * misfire grace, younger ticks are still the live scheduler's) is later than both the last
   * recorded tick and the moment the schedule was enabled, record one catch-up run for it.
   */
  async catchUp(now = new Date()): Promise<TickOutcome[]> {
    const outcomes: TickOutcome[] = [];
    for (const job of await this.jobs.listScheduled()) {
      const dag = job.document as DagJob;
      const schedule = dag.schedule;
      if (!job.scheduleEnabled || !schedule || schedule.catchUp !== 'latest') continue;
      try {
        const latest = latestFireTime(schedule.cron, schedule.timezone, now);
        if (
          !latest ||
          now.getTime() - latest.getTime() <= misfireGraceMs(schedule.cron, schedule.timezone, latest)
        )
          continue;
        if (job.scheduleSince && latest <= job.scheduleSince) continue;
        const last = await this.runs.lastScheduledFor(job.id);
        if (last && latest <= last) continue;
        const outcome = await this.ticks.record(job, dag, latest, 'catch-up');
        if ('run' in outcome && outcome.kind !== 'duplicate') {
          this.logger.log(
            `job '${job.name}': catch-up run ${outcome.run.id} for the missed tick ${latest.toISOString()}`,
          );
        }
        outcomes.push(outcome);
      } catch (error) {
        this.logger.error(`job '${job.name}': catch-up failed: ${(error as Error).message}`);
      }
    }
    return outcomes;
  }
}
