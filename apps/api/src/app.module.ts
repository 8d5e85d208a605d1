import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule } from './clients/index.js';
import { type AppConfig, ConfigModule } from './config/index.js';
import { HealthModule } from './health/health.module.js';
import { LoggingModule } from './logging/logger.module.js';

/**
 * The root module. Built from an already-validated config so that `main.ts` and tests boot the
 * same application; feature modules (jobs, runs, environments, flink, patterns) are added to
 * `imports` and inject the shared clients from `ClientsModule`.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: Nest dynamic modules are classes with a static forRoot
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), LoggingModule.forRoot(config), ClientsModule, HealthModule],
    };
  }
}
