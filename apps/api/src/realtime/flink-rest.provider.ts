import type { Provider } from '@nestjs/common';
import { FlinkRestClient } from '@sluice/flink';
import { APP_CONFIG, type AppConfig } from '../config/index.js';

/**
 * Injection token of `@sluice/flink`'s typed Flink REST client (jobs, exceptions, checkpoints,
 * savepoints), on FLINK_REST_URL. A token rather than the class: `clients/` has a smaller client
 * of the same name that health checks use.
 */
export const FLINK_REST = Symbol('FLINK_REST');

export const flinkRestProvider: Provider = {
  provide: FLINK_REST,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    new FlinkRestClient({ restUrl: config.flink.restUrl, dashboardUrl: config.flink.dashboardUrl }),
};
