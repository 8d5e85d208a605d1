export type {
  AppConfig,
  FlinkSettings,
  KafkaSettings,
  LogLevel,
  MysqlSettings,
  RealtimeGatewaySettings,
  RedisSettings,
  SchedulerSettings,
} from './app-config.js';
export { ConfigError, type ConfigIssue } from './config.error.js';
export { APP_CONFIG, ConfigModule } from './config.module.js';
export { type Env, type LoadConfigOptions, loadConfig, maskUrlPassword, REPO_ROOT } from './load-config.js';
export { SecretValue } from './secret-value.js';
