import type { SecretValue } from './secret-value.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Connection settings for Redis, split out of REDIS_URL so the password is never part of a display string. */
export interface RedisSettings {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
  /** `host:port` for display and logs: never contains credentials. */
  address: string;
}

/** Connection settings for MySQL/MariaDB, split out of MYSQL_URL. */
export interface MysqlSettings {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  /** `host:port/database` for display and logs: never contains credentials. */
  address: string;
}

export interface KafkaSettings {
  /** `host:port` of each bootstrap broker. */
  brokers: string[];
  clientId: string;
}

export interface FlinkSettings {
  /** Base URL of the JobManager REST API, without a trailing slash. */
  restUrl: string;
  /** Base URL users open in a browser; the same server as the REST API unless a proxy sits in front. */
  dashboardUrl: string;
}

/** Scheduled jobs: BullMQ queues and workers, Python environments (see apps/api/src/scheduler). */
export interface SchedulerSettings {
  /** BullMQ key prefix: deployments (or tests) sharing one Redis use different prefixes. */
  queuePrefix: string;
  /** Whether this process runs queue workers (cron ticks, runs, environment builds); API-only processes set false. */
  worker: boolean;
  /** Runs one worker process executes at the same time. */
  runConcurrency: number;
  /** Interpreter that creates environment venvs (`python3 -m venv`). */
  python: string;
  /** Directory holding the `sluice_runtime` package (packages/python). Absolute path. */
  pythonRuntimeDir: string;
  /**
   * Directories filesystem sources and sinks of runs may read and write under (absolute). Keeps a
   * job from reading the host's files (e.g. the secret key in the data dir).
   */
  filesystemRoots: string[];
}

/** Real-time jobs on Flink (see apps/api/src/realtime/README.md). */
export interface RealtimeGatewaySettings {
  /**
   * Pythons of PyFlink runtime venvs (absolute). An environment whose Flink line one of them has
   * gets a `.pth` link to its site-packages instead of its own 900 MB `apache-flink` install.
   */
  pyflinkRuntimes: string[];
  /** FLINK_HOME for `bin/flink`; undefined: the `pyflink` package of the environment's Python. */
  flinkHome?: string;
  /** JAVA_HOME for `bin/flink`; undefined: the Flink configuration's `env.java.home`. */
  javaHome?: string;
  /** How often the leader reconciles deployments with the cluster. */
  reconcileIntervalMs: number;
  /** Longest one `flink run` may take. */
  submitTimeoutMs: number;
  /** Longest a stop-with-savepoint request waits for the savepoint. */
  stopTimeoutMs: number;
  /** Maven executable that fetches environments' extra jars. */
  maven: string;
}

/**
 * The API's whole configuration, parsed and validated once at boot by `loadConfig`.
 * Everything in the API receives this (through the `APP_CONFIG` token) instead of reading
 * `process.env`, so tests can build one explicitly.
 */
export interface AppConfig {
  /** `production` requires SLUICE_SECRET_KEY to be set; anything else may generate a dev key. */
  nodeEnv: string;
  host: string;
  /** 0 asks the OS for a free port (tests). */
  port: number;
  logLevel: LogLevel;
  /** Where the API keeps local state (e.g. the generated dev secret key). Absolute path. */
  dataDir: string;
  redis: RedisSettings;
  mysql: MysqlSettings;
  kafka: KafkaSettings;
  flink: FlinkSettings;
  /** Per-dependency timeout of one health check. */
  healthCheckTimeoutMs: number;
  /** 32-byte key for encrypting secret job parameters at rest. */
  secretKey: SecretValue<Buffer>;
  scheduler: SchedulerSettings;
  realtime: RealtimeGatewaySettings;
}
