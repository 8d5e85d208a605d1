import { Injectable, Logger } from '@nestjs/common';
import type { Job } from '@sluice/dag';
import { fromJson, type RunRow, type RunUpdate } from '../db/index.js';
import { JobsRepository } from '../jobs/jobs.repository.js';
import { RunDispatcher } from '../runs/run-dispatcher.js';
import type { RunLiveMessage } from '../runs/run-log.writer.js';
import { runLogChannel } from '../runs/run-log.writer.js';
import { ACTIVE_STATUSES, type RunStatus, WAITING_STATUSES } from '../runs/run-status.js';
import { RunsRepository } from '../runs/runs.repository.js';
import { LiveChannels } from './live-channels.js';

/** Statuses a retry follows: a cancel is the user's decision and a skip is the overlap policy's. */
const RETRYABLE: readonly RunStatus[] = ['FAILED', 'TIMEOUT'];

/** Delay before retry number `attempt + 1` (attempt is the one that just failed, from 1). */
export function retryDelayMs(schedule: Job['schedule'], attempt: number): number {
  const backoff = schedule?.retries.backoff;
  if (!backoff) return 0;
  if (backoff.type === 'fixed') return backoff.delayMs;
  return Math.min(backoff.delayMs * 2 ** (attempt - 1), 7 * 24 * 3_600_000);
}

/**
 * Ends runs: one conditional update from an active status to the final one (so a run ends once
 * even when two processes race, e.g. a redelivered stalled job and the reconciler), then the
 * retry policy, then wakes the next run waiting for the job's concurrency slot.
 */
@Injectable()
export class RunFinisher {
  private readonly logger = new Logger('Runs');

  constructor(
    private readonly runs: RunsRepository,
    private readonly jobs: JobsRepository,
    private readonly dispatcher: RunDispatcher,
    private readonly channels: LiveChannels,
  ) {}

  /** Returns false when another process had already ended the run. */
  async finish(run: RunRow, status: RunStatus, fields: RunUpdate = {}): Promise<boolean> {
    const ended = await this.runs.transition(run.id, ACTIVE_STATUSES, status, {
      finished_at: new Date(),
      ...fields,
    });
    if (!ended) return false;
    await this.channels
      .publish(runLogChannel(run.id), { type: 'end', status } satisfies RunLiveMessage)
      .catch(() => undefined);
    if (RETRYABLE.includes(status)) await this.retry(run, status);
    await this.wakeNext(run.job_id);
    return true;
  }

  /** The worker that ran this run is gone: fail it (and retry per policy). */
  async workerLost(run: RunRow, why: string): Promise<boolean> {
    const done = await this.finish(run, 'FAILED', { error: `worker lost: ${why}` });
    if (done) this.logger.warn(`run ${run.id} failed: worker lost (${why})`);
    return done;
  }

  private async retry(run: RunRow, status: RunStatus): Promise<void> {
    const version = await this.jobs.version(run.job_id, run.job_version);
    const schedule = (version?.document as Job | undefined)?.schedule;
    const attempts = schedule?.retries.attempts ?? 0;
    if (run.attempt > attempts) return;
    const delay = retryDelayMs(schedule, run.attempt);
    try {
      const retry = await this.runs.insert({
        jobId: run.job_id,
        jobVersion: run.job_version,
        trigger: 'retry',
        scheduledFor: run.scheduled_for,
        attempt: run.attempt + 1,
        retryOf: run.retry_of ?? run.id,
        params: fromJson<Record<string, unknown>>(run.params),
        secretParams: run.secret_params,
      });
      await this.dispatcher.dispatchOrLeave(retry, delay);
      this.logger.log(
        `run ${run.id} ${status === 'TIMEOUT' ? 'timed out' : 'failed'}; retry ${retry.id} (attempt ${retry.attempt} of ${attempts + 1}) in ${delay} ms`,
      );
    } catch (error) {
      // The unique (job, tick, attempt) key: another process already scheduled this retry.
      if ((error as { code?: string }).code !== 'ER_DUP_ENTRY') throw error;
    }
  }

  /** A slot freed: start the oldest run of the job that waits for one. */
  private async wakeNext(jobId: number): Promise<void> {
    const waiting = (await this.runs.activeRuns(jobId))
      .filter((r) => (WAITING_STATUSES as readonly string[]).includes(r.status))
      .sort((a, b) => a.id - b.id);
    const next = waiting[0];
    if (next) await this.dispatcher.promote(next.id).catch(() => undefined);
  }
}
