import { Module } from '@nestjs/common';
import { EnvironmentsModule } from '../environments/environments.module.js';
import { RunsModule } from '../runs/runs.module.js';
import { CronController } from './cron.controller.js';
import { JobPackagesController } from './job-packages.controller.js';
import { JobsController } from './jobs.controller.js';
import { JobsRepository } from './jobs.repository.js';
import { JobsService } from './jobs.service.js';

@Module({
  imports: [EnvironmentsModule, RunsModule],
  // JobPackagesController first: its `POST v1/jobs/import` must not be read as a job name.
  controllers: [JobPackagesController, JobsController, CronController],
  providers: [JobsRepository, JobsService],
  exports: [JobsRepository, JobsService],
})
export class JobsModule {}
