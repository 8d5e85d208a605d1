import { Module } from '@nestjs/common';
import { EnvironmentsModule } from '../environments/environments.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { RunsModule } from '../runs/runs.module.js';
import { DagRunProcessor } from './dag-run.processor.js';
import { DagTickProcessor } from './dag-tick.processor.js';
import { RunFinisher } from './run-finisher.js';
import { RunReconciler } from './run-reconciler.js';
import { SchedulerLifecycle } from './scheduler.lifecycle.js';
import { SchedulerService } from './scheduler.service.js';

/** Cron ticks, the batch run worker, reconcilers and their lifecycle (see SchedulerLifecycle). */
@Module({
  imports: [JobsModule, RunsModule, EnvironmentsModule],
  providers: [
    DagTickProcessor,
    DagRunProcessor,
    RunFinisher,
    RunReconciler,
    SchedulerService,
    SchedulerLifecycle,
  ],
  exports: [SchedulerService, SchedulerLifecycle, DagTickProcessor, RunReconciler],
})
export class SchedulerModule {}
