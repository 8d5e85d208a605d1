import { Injectable, Logger } from '@nestjs/common';
import type { RunRow } from '../db/index.js';
import { QueueRegistry } from '../scheduler/queue-registry.js';
import { WORKER_CATALOG } from '../scheduler/worker-catalog.js';
import { RunsRepository } from './runs.repository.js';

/** BullMQ job id of a run: one queue job per run row, so enqueuing twice is a no-op. */
export function queueJobIdOf(runId: number): string {
  return `run-${runId}`;
}

/**
 * Puts runs on the `dag.run` queue. A run row is written first (INIT) and enqueued second; if
 * the enqueue fails the row stays INIT and the reconciler enqueues it later, so a run is never
 * lost between the database and Redis.
 */
@Injectable()
export class RunDispatcher {
  private readonly logger = new Logger('RunDispatcher');

  constructor(
    private readonly queues: QueueRegistry,
    private readonly runs: RunsRepository,
  ) {}

  async dispatch(run: Pick<RunRow, 'id'>, delayMs = 0): Promise<void> {
    const jobId = queueJobIdOf(run.id);
    await this.queues.add(
      'dag.run',
      { runId: run.id },
      {
        jobId,
        delay: delayMs > 0 ? delayMs : undefined,
        // Each retry is its own run row and queue job (see RunExecutor): BullMQ never retries.
        attempts: 1,
        removeOnComplete: { age: 24 * 3600, count: 5_000 },
        removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
      },
    );
    await this.runs.transition(run.id, ['INIT'], 'QUEUED', { queue_job_id: jobId });
  }

  /** Dispatches, logging instead of throwing: the reconciler retries INIT runs. */
  async dispatchOrLeave(run: Pick<RunRow, 'id'>, delayMs = 0): Promise<void> {
    try {
      await this.dispatch(run, delayMs);
    } catch (error) {
      this.logger.warn(
        `run ${run.id} stays INIT (the reconciler will enqueue it): ${(error as Error).message}`,
      );
    }
  }

  /** The queue job of a run, if BullMQ still has it. */
  async queueJob(runId: number) {
    return this.queues.queue(WORKER_CATALOG['dag.run'].queue).getJob(queueJobIdOf(runId));
  }

  /**
   * Wakes a run that waits (delayed) for a concurrency slot, so it starts as soon as one frees
   * instead of at its next poll. Only runs a worker already picked up once are woken: a retry
   * delayed for its back-off has never started and keeps waiting.
   */
  async promote(runId: number): Promise<void> {
    const job = await this.queueJob(runId);
    if (job && job.attemptsStarted > 0 && (await job.isDelayed())) await job.promote().catch(() => undefined);
  }
}
