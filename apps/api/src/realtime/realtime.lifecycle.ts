import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { RedisConnectionFactory } from '../clients/index.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { MigrationService } from '../db/index.js';
import { QueueRegistry } from '../scheduler/queue-registry.js';
import { LeaderLease } from './leader-lease.js';
import { RealtimeReconciler } from './realtime-reconciler.js';
import { RealtimeSubmitProcessor } from './realtime-submit.processor.js';

/**
 * Starts and stops the real-time machinery of a process with workers (SLUICE_WORKER): the
 * `flink-submits` worker and the reconcile loop, which ticks every SLUICE_REALTIME_RECONCILE_MS
 * in every such process but reconciles only in the one holding the leader lease. Boot does not
 * wait for it: the API answers while Redis or MySQL are still coming up.
 */
@Injectable()
export class RealtimeLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RealtimeLifecycle');
  private lease: LeaderLease | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> = Promise.resolve();
  private lastError = '';
  /** Resolves once the worker and loop are started (tests await it). */
  started: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly migrations: MigrationService,
    private readonly queues: QueueRegistry,
    private readonly redis: RedisConnectionFactory,
    private readonly reconciler: RealtimeReconciler,
    private readonly submitter: RealtimeSubmitProcessor,
  ) {}

  /** The lease of this process (undefined in processes without workers). */
  get leaderLease(): LeaderLease | undefined {
    return this.lease;
  }

  onApplicationBootstrap(): void {
    if (!this.config.scheduler.worker) return;
    this.started = this.start().catch((error: unknown) => {
      this.logger.error(`real-time jobs did not start: ${(error as Error).message}`);
    });
  }

  private async start(): Promise<void> {
    await this.migrations.ready;
    if (this.stopping) return;
    const worker = this.queues.worker('flink-submits', (job) => this.submitter.process(job), {
      // Each submission runs a JVM and Python client: on small hosts one at a time per process.
      concurrency: 1,
      // `flink run` takes tens of seconds; a lost lock would hand the job to a second worker.
      lockDuration: 120_000,
    });
    // Closing waits for active jobs: abort running submissions so that shutdown does not wait
    // minutes for `flink run` (they are queued again for another worker).
    worker.on('closing', () => this.submitter.stop());
    const interval = this.config.realtime.reconcileIntervalMs;
    this.lease = new LeaderLease(
      this.redis.create('realtime-lease', { maxRetriesPerRequest: 1, commandTimeout: 2_000 }),
      `${this.config.scheduler.queuePrefix}:realtime:leader`,
      // Several missed renewals before another process takes over: a slow tick is not a death.
      Math.max(10_000, interval * 3),
    );
    this.loopDone = this.loop(this.lease, interval);
    this.logger.log(
      `real-time reconcile loop started (every ${interval} ms, lease holder ${this.lease.holder})`,
    );
  }

  private async loop(lease: LeaderLease, interval: number): Promise<void> {
    let leading = false;
    while (!this.stopping) {
      const began = Date.now();
      try {
        const leader = await lease.tryLead();
        if (leader !== leading) {
          leading = leader;
          this.logger.log(
            leader
              ? `leading the real-time reconciler (epoch ${lease.epoch})`
              : 'no longer leading the real-time reconciler',
          );
        }
        if (leader) {
          await this.reconciler.reconcile({ holder: lease.holder, stillLeader: () => lease.stillLeader() });
        }
        this.lastError = '';
      } catch (error) {
        const message = (error as Error).message;
        // Once per distinct error: an outage of MySQL or Redis would otherwise log every tick.
        if (message !== this.lastError) this.logger.warn(`real-time reconcile failed: ${message}`);
        this.lastError = message;
      }
      const wait = Math.max(0, interval - (Date.now() - began));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.submitter.stop();
    this.wake?.();
    await Promise.race([this.started, new Promise((r) => setTimeout(r, 5_000).unref())]);
    await Promise.race([this.loopDone, new Promise((r) => setTimeout(r, 10_000).unref())]);
    await this.lease?.release();
  }
}
