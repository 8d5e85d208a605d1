import { Module } from '@nestjs/common';
import { RunDispatcher } from './run-dispatcher.js';
import { RunsController } from './runs.controller.js';
import { RunsRepository } from './runs.repository.js';
import { RunsService } from './runs.service.js';

@Module({
  controllers: [RunsController],
  providers: [RunsRepository, RunsService, RunDispatcher],
  exports: [RunsRepository, RunsService, RunDispatcher],
})
export class RunsModule {}
