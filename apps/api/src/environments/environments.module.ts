import { Module } from '@nestjs/common';
import { EnvBuildProcessor } from './env-build.processor.js';
import { EnvironmentsController } from './environments.controller.js';
import { EnvironmentsRepository } from './environments.repository.js';
import { EnvironmentsService } from './environments.service.js';

@Module({
  controllers: [EnvironmentsController],
  providers: [EnvironmentsRepository, EnvironmentsService, EnvBuildProcessor],
  exports: [EnvironmentsService, EnvBuildProcessor],
})
export class EnvironmentsModule {}
