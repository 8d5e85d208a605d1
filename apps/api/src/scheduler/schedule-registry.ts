import { Injectable } from '@nestjs/common';
import { QueueRegistry } from './queue-registry.js';
import { WORKER_CATALOG } from './worker-catalog.js';

/** What the registry needs to know about a job to keep its BullMQ job scheduler right. */
export interface DesiredSchedule {
  jobId: number;
  /** False for disabled schedules, realtime jobs and jobs without a schedule: no scheduler. */
  enabled: boolean;
  cron?: string;
  timezone?: string;
}

export type SyncResult = 'created' | 'updated' | 'unchanged' | 'removed' | 'absent';

/** Stable scheduler id of a job: the same across versions and processes, so upserts replace. */
export function schedulerIdOf(jobId: number): string {
  return `job-${jobId}`;
}

const TICK_QUEUE = WORKER_CATALOG['dag.tick'].queue;

/**
 * Keeps exactly one BullMQ job scheduler per enabled scheduled job. BullMQ names each tick's job
 * `repeat:<schedulerId>:<fire time>`, so however many processes register the same schedule, a
 * tick exists once; that id is the first guard of "one run per tick".
 *
 * `sync` only upserts when the cron or time zone changed: an upsert deletes the pending tick and
 * creates the next one from *now*, which at boot would silently drop a tick that is due in the
 * next few milliseconds.
 *
 * @example
 * await schedules.sync({ jobId: 7, enabled: true, cron: '* * * * *', timezone: 'UTC' }); // 'created'
 * await schedules.sync({ jobId: 7, enabled: true, cron: '* * * * *', timezone: 'UTC' }); // 'unchanged'
 */
@Injectable()
export class ScheduleRegistry {
  constructor(private readonly queues: QueueRegistry) {}

  async sync(desired: DesiredSchedule): Promise<SyncResult> {
    const queue = this.queues.queue(TICK_QUEUE);
    const id = schedulerIdOf(desired.jobId);
    const existing = await queue.getJobScheduler(id);
    if (!desired.enabled || !desired.cron) {
      if (!existing) return 'absent';
      await queue.removeJobScheduler(id);
      return 'removed';
    }
    const tz = desired.timezone ?? 'UTC';
    if (existing && existing.pattern === desired.cron && (existing.tz ?? 'UTC') === tz) return 'unchanged';
    await queue.upsertJobScheduler(
      id,
      { pattern: desired.cron, tz },
      {
        name: 'dag.tick',
        data: { jobId: desired.jobId },
        opts: {
          // A tick only records a run and enqueues it: retry a Redis/MySQL hiccup a few times.
          attempts: 5,
          backoff: { type: 'exponential', delay: 500 },
          removeOnComplete: { age: 24 * 3600, count: 1000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      },
    );
    return existing ? 'updated' : 'created';
  }

  /** Job ids that have a scheduler registered (including ones whose job may be gone). */
  async registeredJobIds(): Promise<number[]> {
    const schedulers = await this.queues.queue(TICK_QUEUE).getJobSchedulers(0, -1);
    return schedulers.flatMap((s) => {
      const match = /^job-(\d+)$/.exec(s.key);
      return match ? [Number(match[1])] : [];
    });
  }

  /** Next fire time BullMQ has queued for a job, if any. */
  async nextTick(jobId: number): Promise<Date | undefined> {
    const scheduler = await this.queues.queue(TICK_QUEUE).getJobScheduler(schedulerIdOf(jobId));
    return scheduler?.next ? new Date(scheduler.next) : undefined;
  }
}
