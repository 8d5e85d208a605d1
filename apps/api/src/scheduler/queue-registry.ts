import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, type JobsOptions, Queue, Worker, type WorkerOptions } from 'bullmq';
import { RedisConnectionFactory } from '../clients/index.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import {
  isWorkerJobName,
  parsePayload,
  QUEUE_NAMES,
  type QueueName,
  WORKER_CATALOG,
  type WorkerJobName,
  type WorkerPayload,
} from './worker-catalog.js';

/** Handles one job of a queue; `token` is the lock token BullMQ needs for `moveToDelayed`. */
export type CatalogProcessor = (job: Job, token: string | undefined) => Promise<unknown>;

/**
 * The BullMQ queues of the worker catalog, under this deployment's key prefix, and the workers
 * that consume them. Everything enqueued goes through `add`, which validates the payload; every
 * worker validates again before its processor runs.
 *
 * @example
 * await queues.add('dag.run', { runId: 42 }, { jobId: 'run-42' });
 * queues.worker('dag-runs', async (job) => runs.process(job), { concurrency: 2 });
 */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger('Queues');
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisConnectionFactory,
  ) {}

  get prefix(): string {
    return this.config.scheduler.queuePrefix;
  }

  /**
   * ioredis options as BullMQ 6's option type takes them: it declares `retryStrategy` without
   * ioredis's `null`, so the (unset) field is left out.
   */
  private connection() {
    const { retryStrategy: _unset, ...options } = this.redis.bullmqOptions();
    return options;
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection(), prefix: this.prefix });
      queue.on('error', (error) => this.logger.warn(`queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Enqueues a catalog job after validating its payload. */
  async add<N extends WorkerJobName>(
    name: N,
    payload: WorkerPayload<N>,
    opts: JobsOptions = {},
  ): Promise<Job> {
    const data = parsePayload(name, payload);
    return this.queue(WORKER_CATALOG[name].queue).add(name, data, opts);
  }

  /**
   * Starts a worker on `queue`. Jobs whose name is not in the catalog, or whose payload does not
   * match it, fail without reaching `processor`.
   */
  worker(
    queue: QueueName,
    processor: CatalogProcessor,
    opts: Omit<WorkerOptions, 'connection' | 'prefix'> = {},
  ): Worker {
    const worker = new Worker(
      queue,
      async (job, token) => {
        if (!isWorkerJobName(job.name) || WORKER_CATALOG[job.name].queue !== queue) {
          throw new Error(`queue ${queue} does not handle jobs named "${job.name}"`);
        }
        parsePayload(job.name, job.data);
        return processor(job, token);
      },
      { ...opts, connection: this.connection(), prefix: this.prefix },
    );
    worker.on('error', (error) => this.logger.warn(`worker ${queue}: ${error.message}`));
    worker.on('failed', (job, error) => {
      if (job) this.logger.warn(`${queue} job ${job.id} (${job.name}) failed: ${error.message}`);
    });
    this.workers.push(worker);
    return worker;
  }

  /** Stops taking jobs and waits for the active ones to end. Idempotent. */
  async closeWorkers(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.allSettled(workers.map((w) => w.close()));
  }

  /** Workers first (they may still enqueue while finishing), then queues. */
  async onApplicationShutdown(): Promise<void> {
    await this.closeWorkers();
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }

  /** Removes every key of every catalog queue under this prefix: for tests and benchmarks only. */
  async obliterateAll(): Promise<void> {
    for (const name of QUEUE_NAMES) {
      const queue = this.queue(name);
      await queue.obliterate({ force: true }).catch(() => undefined);
    }
  }
}
