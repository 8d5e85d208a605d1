import { z } from 'zod';
import type { KafkaSettings, LogLevel, MysqlSettings, RedisSettings } from './app-config.js';

/**
 * zod schemas for each environment variable the API reads. Each transform turns the raw string
 * into the typed value `AppConfig` holds and reports problems in words a user can act on.
 * Empty strings count as unset (a blank line in an env file should not break boot).
 * Defaults of transformed variables use `prefault` so they go through the same parsing.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const blankAsUnset = (value: unknown) => (value === '' ? undefined : value);

function integer(min: number, max: number, fallback: number) {
  return z.preprocess(
    blankAsUnset,
    z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return fallback;
        const trimmed = raw.trim();
        const value = Number(trimmed);
        if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(value) || value < min || value > max) {
          ctx.addIssue({ code: 'custom', message: `must be an integer between ${min} and ${max}` });
          return z.NEVER;
        }
        return value;
      }),
  );
}

function parseUrl(raw: string, protocols: readonly string[], example: string): URL | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `must be a URL like ${example}`;
  }
  if (!protocols.includes(url.protocol)) {
    return `must use ${protocols.map((p) => `${p}//`).join(' or ')} (got ${url.protocol}//), e.g. ${example}`;
  }
  if (!url.hostname) return `must name a host, e.g. ${example}`;
  return url;
}

function portOf(url: URL, fallback: number): number {
  return url.port === '' ? fallback : Number(url.port);
}

/** URL hostnames keep IPv6 brackets; clients want the bare address. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

const decode = (part: string) => (part === '' ? undefined : decodeURIComponent(part));

export const redisUrlSchema = z.string().transform((raw, ctx): RedisSettings => {
  const url = parseUrl(raw.trim(), ['redis:', 'rediss:'], 'redis://127.0.0.1:6379');
  if (typeof url === 'string') {
    ctx.addIssue({ code: 'custom', message: url });
    return z.NEVER;
  }
  const dbPart = url.pathname.replace(/^\//, '');
  if (dbPart !== '' && !/^\d+$/.test(dbPart)) {
    ctx.addIssue({
      code: 'custom',
      message: `database index in the path must be a number (got "${dbPart}")`,
    });
    return z.NEVER;
  }
  const port = portOf(url, 6379);
  return {
    host: bareHost(url),
    port,
    username: decode(url.username),
    password: decode(url.password),
    db: dbPart === '' ? 0 : Number(dbPart),
    tls: url.protocol === 'rediss:',
    address: `${url.hostname}:${port}`,
  };
});

export const mysqlUrlSchema = z.string().transform((raw, ctx): MysqlSettings => {
  const example = 'mysql://sluice:sluice@127.0.0.1:3306/sluice';
  const url = parseUrl(raw.trim(), ['mysql:', 'mariadb:'], example);
  if (typeof url === 'string') {
    ctx.addIssue({ code: 'custom', message: url });
    return z.NEVER;
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const user = decode(url.username);
  if (!user) {
    ctx.addIssue({ code: 'custom', message: `must name a user, e.g. ${example}` });
    return z.NEVER;
  }
  if (!database || database.includes('/')) {
    ctx.addIssue({ code: 'custom', message: `must name one database in the path, e.g. ${example}` });
    return z.NEVER;
  }
  const port = portOf(url, 3306);
  return {
    host: bareHost(url),
    port,
    user,
    password: decode(url.password),
    database,
    address: `${url.hostname}:${port}/${database}`,
  };
});

export const kafkaBrokersSchema = z.string().transform((raw, ctx): KafkaSettings['brokers'] => {
  const brokers = raw
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (brokers.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'must list at least one broker as host:port' });
    return z.NEVER;
  }
  for (const broker of brokers) {
    const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})$/.exec(broker);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) {
      ctx.addIssue({
        code: 'custom',
        message: `"${broker}" is not host:port (e.g. 127.0.0.1:9092); separate brokers with commas`,
      });
      return z.NEVER;
    }
  }
  return brokers;
});

export const httpUrlSchema = z.string().transform((raw, ctx): string => {
  const url = parseUrl(raw.trim(), ['http:', 'https:'], 'http://127.0.0.1:8081');
  if (typeof url === 'string') {
    ctx.addIssue({ code: 'custom', message: url });
    return z.NEVER;
  }
  if (url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: 'must not contain credentials' });
    return z.NEVER;
  }
  return url.toString().replace(/\/+$/, '');
});

/** Accepts 64 hex characters or base64/base64url that decodes to exactly 32 bytes. */
export const secretKeySchema = z.string().transform((raw, ctx): Buffer => {
  const value = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length === 32) return bytes;
  }
  ctx.addIssue({
    code: 'custom',
    message: 'must be 32 random bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)',
  });
  return z.NEVER;
});

/** The raw environment, variable by variable, with defaults for the local stack. */
export function envSchema(defaultDataDir: string) {
  return z.object({
    NODE_ENV: z.preprocess(blankAsUnset, z.string().default('development')),
    HOST: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^[^\s/]+$/, { error: 'must be a host name or IP address, e.g. 127.0.0.1' })
        .default('127.0.0.1'),
    ),
    PORT: integer(0, 65535, 3000),
    LOG_LEVEL: z.preprocess(
      (v) => (typeof v === 'string' ? blankAsUnset(v.trim().toLowerCase()) : v),
      z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    ) as z.ZodType<LogLevel>,
    SLUICE_DATA_DIR: z.preprocess(blankAsUnset, z.string().default(defaultDataDir)),
    REDIS_URL: z.preprocess(blankAsUnset, redisUrlSchema.prefault('redis://127.0.0.1:6379')),
    MYSQL_URL: z.preprocess(
      blankAsUnset,
      mysqlUrlSchema.prefault('mysql://sluice:sluice@127.0.0.1:3306/sluice'),
    ),
    KAFKA_BROKERS: z.preprocess(blankAsUnset, kafkaBrokersSchema.prefault('127.0.0.1:9092')),
    FLINK_REST_URL: z.preprocess(blankAsUnset, httpUrlSchema.prefault('http://127.0.0.1:8081')),
    FLINK_DASHBOARD_URL: z.preprocess(blankAsUnset, httpUrlSchema.optional()),
    HEALTH_CHECK_TIMEOUT_MS: integer(50, 60_000, 2000),
    SLUICE_SECRET_KEY: z.preprocess(blankAsUnset, secretKeySchema.optional()),
    SLUICE_QUEUE_PREFIX: z.preprocess(
      blankAsUnset,
      z
        .string()
        .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be 1-64 letters, digits, `_`, `.` or `-`' })
        .default('sluice'),
    ),
    SLUICE_WORKER: z.preprocess(
      (v) => (typeof v === 'string' ? blankAsUnset(v.trim().toLowerCase()) : v),
      z
        .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
        .default('true')
        .transform((v) => v === 'true' || v === '1'),
    ),
    SLUICE_WORKER_CONCURRENCY: integer(1, 64, 2),
    SLUICE_PYTHON: z.preprocess(blankAsUnset, z.string().default('python3')),
    SLUICE_PYTHON_RUNTIME_DIR: z.preprocess(blankAsUnset, z.string().optional()),
    /** Comma-separated directories; default `<SLUICE_DATA_DIR>/files`. */
    SLUICE_FILESYSTEM_ROOTS: z.preprocess(blankAsUnset, z.string().optional()),
    // Real-time jobs (issue 5, apps/api/src/realtime).
    /** Comma-separated Pythons of PyFlink runtime venvs; default `<repo>/.data/flink-venv/bin/python`. */
    SLUICE_PYFLINK_RUNTIMES: z.preprocess(blankAsUnset, z.string().optional()),
    /** FLINK_HOME whose `bin/flink` submits; default: the `pyflink` package of the environment's Python. */
    SLUICE_FLINK_HOME: z.preprocess(blankAsUnset, z.string().optional()),
    /** JAVA_HOME for `bin/flink`; default: the Flink configuration's `env.java.home`, else `java` on PATH. */
    SLUICE_FLINK_JAVA_HOME: z.preprocess(blankAsUnset, z.string().optional()),
    SLUICE_REALTIME_RECONCILE_MS: integer(500, 60_000, 3_000),
    SLUICE_FLINK_SUBMIT_TIMEOUT_MS: integer(10_000, 3_600_000, 180_000),
    SLUICE_FLINK_STOP_TIMEOUT_MS: integer(5_000, 3_600_000, 120_000),
    /** Maven for an environment's extra jars (`mvn dependency:copy`). */
    SLUICE_MAVEN: z.preprocess(blankAsUnset, z.string().default('mvn')),
  });
}

/** Variables whose values may hold credentials: error messages never echo them verbatim. */
export const SENSITIVE_VARIABLES: ReadonlySet<string> = new Set(['SLUICE_SECRET_KEY']);
/** Variables that are URLs which may embed a password: echoed with the password masked. */
export const URL_VARIABLES: ReadonlySet<string> = new Set(['REDIS_URL', 'MYSQL_URL']);
