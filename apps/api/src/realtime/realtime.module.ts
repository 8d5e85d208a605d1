import { Module } from '@nestjs/common';
import { EnvironmentsModule } from '../environments/environments.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { DeploymentParams } from './deployment-params.js';
import { flinkRestProvider } from './flink-rest.provider.js';
import { RealtimeController, RealtimeOverviewController } from './realtime.controller.js';
import { RealtimeLifecycle } from './realtime.lifecycle.js';
import { RealtimeRepository } from './realtime.repository.js';
import { RealtimeService } from './realtime.service.js';
import { RealtimeEnvironments } from './realtime-environment.js';
import { RealtimeReconciler } from './realtime-reconciler.js';
import { RealtimeSubmitProcessor } from './realtime-submit.processor.js';
import { RealtimeViews } from './realtime-views.js';

/** Real-time jobs on Flink (issue 5): REST gateway, submission worker, leader-elected reconciler. */
@Module({
  imports: [JobsModule, EnvironmentsModule],
  controllers: [RealtimeController, RealtimeOverviewController],
  providers: [
    flinkRestProvider,
    RealtimeRepository,
    RealtimeEnvironments,
    DeploymentParams,
    RealtimeViews,
    RealtimeService,
    RealtimeSubmitProcessor,
    RealtimeReconciler,
    RealtimeLifecycle,
  ],
  exports: [RealtimeService, RealtimeLifecycle],
})
export class RealtimeModule {}
