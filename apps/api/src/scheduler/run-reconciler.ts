import { Injectable, Logger } from '@nestjs/common';
import { RunDispatcher } from '../runs/run-dispatcher.js';
import { RunsRepository } from '../runs/runs.repository.js';
import { HEARTBEAT_MS } from './dag-run.processor.js';
import { RunFinisher } from './run-finisher.js';

/** A RUNNING run whose heartbeat is this old, and whose queue job is not active, lost its worker. */
export const STALE_AFTER_MS = 12 * HEARTBEAT_MS;
/** An INIT/QUEUED run this old without a queue job is enqueued again. */
const REQUEUE_AFTER_MS = 30_000;

/**
 * Keeps run states true when a process disappears between steps, independently of BullMQ's own
 * stalled-job recovery (which covers a worker dying while it holds a job):
 * - RUNNING, heartbeat stale, and the queue job is gone or finished: FAILED "worker lost" (and
 *   retried per policy), never left running;
 * - INIT/QUEUED whose queue job is missing (the enqueue failed, or Redis lost it): enqueued again.
 * Every process may run this; each change is a conditional update, so racing reconcilers agree.
 */
@Injectable()
export class RunReconciler {
  private readonly logger = new Logger('RunReconciler');

  constructor(
    private readonly runs: RunsRepository,
    private readonly dispatcher: RunDispatcher,
    private readonly finisher: RunFinisher,
  ) {}

  async reconcile(now = new Date()): Promise<{ lost: number; requeued: number }> {
    let lost = 0;
    let requeued = 0;
    for (const run of await this.runs.staleRunning(new Date(now.getTime() - STALE_AFTER_MS))) {
      const job = await this.dispatcher.queueJob(run.id);
      const state = job ? await job.getState() : 'missing';
      if (state === 'active' || state === 'waiting' || state === 'delayed' || state === 'prioritized')
        continue;
      if (
        await this.finisher.workerLost(
          run,
          `no heartbeat from ${run.worker ?? 'its worker'} since ${run.heartbeat_at?.toISOString() ?? 'it started'} and its queue job is ${state}`,
        )
      )
        lost++;
    }
    for (const run of await this.runs.waitingSince(new Date(now.getTime() - REQUEUE_AFTER_MS))) {
      const job = await this.dispatcher.queueJob(run.id);
      const state = job ? await job.getState() : 'missing';
      if (state === 'waiting' || state === 'delayed' || state === 'active' || state === 'prioritized') {
        if (run.status === 'INIT')
          await this.runs.transition(run.id, ['INIT'], 'QUEUED', { queue_job_id: job?.id ?? null });
        continue;
      }
      // Gone, or finished without ending the run (a crash between the two): queue it afresh.
      await job?.remove().catch(() => undefined);
      await this.dispatcher.dispatchOrLeave(run);
      this.logger.warn(
        `run ${run.id} was ${run.status} without a live queue job (${state}); queued it again`,
      );
      requeued++;
    }
    return { lost, requeued };
  }
}
