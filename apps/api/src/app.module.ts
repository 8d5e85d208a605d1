import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from './clients/index.js';
import { type AppConfig, ConfigModule } from './config/index.js';
import { DbModule } from './db/index.js';
import { EnvironmentsModule } from './environments/environments.module.js';
import { HealthModule } from './health/health.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { LoggingModule } from './logging/logger.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { RunsModule } from './runs/runs.module.js';
import { QueueModule } from './scheduler/queue.module.js';
import { SchedulerModule } from './scheduler/scheduler.module.js';
import { SecretsModule } from './secrets/secrets.module.js';

/**
 * The root module. Built from an already-validated config so that `main.ts` and tests boot the
 * same application; feature modules (jobs, runs, environments, flink, patterns) are added to
 * `imports` and inject the shared clients from `ClientsModule`.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        ClientsModule,
        HealthModule,
        // Scheduled jobs (issue 4): storage, secrets, queues, then the features.
        DbModule,
        SecretsModule,
        QueueModule,
        EnvironmentsModule,
        RunsModule,
        JobsModule,
        SchedulerModule,
        // Real-time jobs on Flink (issue 5).
        RealtimeModule,
      ],
    };
  }
}
