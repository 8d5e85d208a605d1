import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { MigrationService } from '../db/index.js';
import { EnvBuildProcessor } from '../environments/env-build.processor.js';
import { EnvironmentsService } from '../environments/environments.service.js';
import { DagRunProcessor } from './dag-run.processor.js';
import { DagTickProcessor } from './dag-tick.processor.js';
import { QueueRegistry } from './queue-registry.js';
import { RunReconciler } from './run-reconciler.js';
import { SchedulerService } from './scheduler.service.js';

/** Periodic reconcile: schedules against the database, and runs against their queue jobs. */
const RECONCILE_EVERY_MS = 30_000;

/**
 * Starts and stops the scheduled-jobs machinery of this process, in one place (no import side
 * effects): once migrations are applied, creates the `default` environment, reconciles job
 * schedulers, records catch-up runs, starts the workers (when SLUICE_WORKER is on) and the
 * periodic reconciler. Boot does not wait for it, so the API answers even while Redis is down.
 *
 * At shutdown, runs of this process are stopped (they end FAILED "worker lost" and retry per
 * policy on another worker) and builds are queued again, before the workers close.
 */
@Injectable()
export class SchedulerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SchedulerLifecycle');
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  /** Resolves when the first reconcile and catch-up are done (tests and benchmarks await it). */
  started: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly migrations: MigrationService,
    private readonly queues: QueueRegistry,
    private readonly scheduler: SchedulerService,
    private readonly reconciler: RunReconciler,
    private readonly environments: EnvironmentsService,
    private readonly ticks: DagTickProcessor,
    private readonly runs: DagRunProcessor,
    private readonly builds: EnvBuildProcessor,
  ) {}

  onApplicationBootstrap(): void {
    this.started = this.start().catch((error: unknown) => {
      this.logger.error(`scheduled jobs did not start: ${(error as Error).message}`);
    });
  }

  private async start(): Promise<void> {
    await this.migrations.ready;
    if (this.stopping) return;
    await this.environments.ensureDefaults();
    await this.scheduler.reconcileSchedules();
    await this.scheduler.catchUp();
    if (this.stopping) return;
    if (this.config.scheduler.worker) {
      await this.runs.start();
      await this.builds.start();
      // Ticks are short and I/O-bound (a few queries and an enqueue); many jobs share a minute.
      this.queues.worker('dag-ticks', (job) => this.ticks.process(job), { concurrency: 16 });
      this.queues.worker('dag-runs', (job, token) => this.runs.process(job, token), {
        concurrency: this.config.scheduler.runConcurrency,
      });
      this.queues.worker('env-builds', (job) => this.builds.process(job), {
        concurrency: 1,
        // pip can run for many minutes without the event loop blocking, but a lost lock would
        // start the same build twice: keep the lock long.
        lockDuration: 120_000,
      });
      this.logger.log(
        `workers started (prefix ${this.config.scheduler.queuePrefix}, ${this.config.scheduler.runConcurrency} concurrent runs)`,
      );
    }
    this.timer = setInterval(() => void this.periodic(), RECONCILE_EVERY_MS);
    this.timer.unref();
  }

  private async periodic(): Promise<void> {
    try {
      await this.scheduler.reconcileSchedules();
      if (this.config.scheduler.worker) {
        await this.reconciler.reconcile();
        await this.environments.reconcileBuilds();
      }
    } catch (error) {
      this.logger.warn(`periodic reconcile failed: ${(error as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    // Start may be parked waiting for the database; do not let that hold up shutdown.
    await Promise.race([this.started, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    this.runs.stopAll();
    this.builds.stop();
    await this.queues.closeWorkers();
  }
}
