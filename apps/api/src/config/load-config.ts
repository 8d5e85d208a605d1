import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from './app-config.js';
import { ConfigError, type ConfigIssue } from './config.error.js';
import { envSchema, SENSITIVE_VARIABLES, secretKeySchema, URL_VARIABLES } from './env.schema.js';
import { SecretValue } from './secret-value.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface LoadConfigOptions {
  /** Where relative paths and the default data dir are anchored; defaults to the repository root. */
  repoRoot?: string;
}

/**
 * This file sits at `apps/api/{src,dist}/config/`, four levels below the repository root, in
 * both the TypeScript sources (tests) and the compiled output (`node apps/api/dist/main.js`).
 */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export const SECRET_KEY_FILE = 'secret.key';

/**
 * Parses and validates the environment into an `AppConfig`. Pass `process.env` at boot and an
 * explicit object in tests. Throws `ConfigError` naming every bad variable.
 *
 * When SLUICE_SECRET_KEY is unset outside production, a key is generated once into
 * `<SLUICE_DATA_DIR>/secret.key` (mode 0600) and reused afterwards, so secrets encrypted by one
 * run can be decrypted by the next.
 *
 * @example
 * const config = loadConfig({ PORT: '0', SLUICE_SECRET_KEY: 'ab'.repeat(32) });
 * config.port; // 0
 */
export function loadConfig(env: Env, options: LoadConfigOptions = {}): AppConfig {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const parsed = envSchema(join(repoRoot, '.data')).safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '(environment)');
        return { variable, message: issue.message, received: displayValue(variable, env[variable]) };
      }),
    );
  }
  const e = parsed.data;
  const dataDir = isAbsolute(e.SLUICE_DATA_DIR) ? e.SLUICE_DATA_DIR : resolve(repoRoot, e.SLUICE_DATA_DIR);
  const secretKey = e.SLUICE_SECRET_KEY ?? resolveDevSecretKey(e.NODE_ENV, dataDir);
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    dataDir,
    redis: e.REDIS_URL,
    mysql: e.MYSQL_URL,
    kafka: { brokers: e.KAFKA_BROKERS, clientId: 'sluice-api' },
    flink: { restUrl: e.FLINK_REST_URL, dashboardUrl: e.FLINK_DASHBOARD_URL ?? e.FLINK_REST_URL },
    healthCheckTimeoutMs: e.HEALTH_CHECK_TIMEOUT_MS,
    secretKey: new SecretValue(secretKey),
    scheduler: {
      queuePrefix: e.SLUICE_QUEUE_PREFIX,
      worker: e.SLUICE_WORKER,
      runConcurrency: e.SLUICE_WORKER_CONCURRENCY,
      python: e.SLUICE_PYTHON,
      pythonRuntimeDir: resolve(repoRoot, e.SLUICE_PYTHON_RUNTIME_DIR ?? 'packages/python'),
      filesystemRoots: (e.SLUICE_FILESYSTEM_ROOTS ?? join(dataDir, 'files'))
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '')
        .map((p) => resolve(repoRoot, p)),
    },
    realtime: {
      // The infra venv sits in the repository's .data/, whatever SLUICE_DATA_DIR a test uses.
      pyflinkRuntimes: (e.SLUICE_PYFLINK_RUNTIMES ?? join(repoRoot, '.data', 'flink-venv', 'bin', 'python'))
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '')
        .map((p) => resolve(repoRoot, p)),
      ...(e.SLUICE_FLINK_HOME ? { flinkHome: resolve(repoRoot, e.SLUICE_FLINK_HOME) } : {}),
      ...(e.SLUICE_FLINK_JAVA_HOME ? { javaHome: e.SLUICE_FLINK_JAVA_HOME } : {}),
      reconcileIntervalMs: e.SLUICE_REALTIME_RECONCILE_MS,
      submitTimeoutMs: e.SLUICE_FLINK_SUBMIT_TIMEOUT_MS,
      stopTimeoutMs: e.SLUICE_FLINK_STOP_TIMEOUT_MS,
      maven: e.SLUICE_MAVEN,
    },
  };
}

function resolveDevSecretKey(nodeEnv: string, dataDir: string): Buffer {
  if (nodeEnv === 'production') {
    throw new ConfigError([
      {
        variable: 'SLUICE_SECRET_KEY',
        message:
          'is required when NODE_ENV=production (32 random bytes as hex or base64, e.g. `openssl rand -base64 32`); keep it stable, it decrypts stored secrets',
      },
    ]);
  }
  const path = join(dataDir, SECRET_KEY_FILE);
  try {
    mkdirSync(dataDir, { recursive: true });
    // 'wx' fails if the file exists, so two processes booting at once cannot overwrite each other's key.
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConfigError([
        {
          variable: 'SLUICE_DATA_DIR',
          message: `cannot create the dev secret key at ${path}: ${(error as Error).message}`,
        },
      ]);
    }
  }
  const stored = readFileSync(path, 'utf8');
  const result = secretKeySchema.safeParse(stored);
  if (!result.success) {
    throw new ConfigError([
      {
        variable: 'SLUICE_SECRET_KEY',
        message: `is unset and the generated key file ${path} is corrupt; restore it, or delete it if no secrets were stored yet`,
      },
    ]);
  }
  return result.data;
}

function displayValue(variable: string, raw: string | undefined): string | undefined {
  if (raw === undefined || SENSITIVE_VARIABLES.has(variable)) return undefined;
  if (URL_VARIABLES.has(variable)) return maskUrlPassword(raw);
  return raw;
}

/** `redis://u:pw@h` -> `redis://u:***@h`, also for strings `URL` cannot parse. */
export function maskUrlPassword(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

export type { ConfigIssue };
