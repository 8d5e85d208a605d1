import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config.error.js';
import { loadConfig } from './load-config.js';

const KEY_HEX = 'ab'.repeat(32);

function issuesOf(env: Record<string, string>, repoRoot?: string): ConfigError {
  try {
    loadConfig(env, { repoRoot });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  let repoRoot: string;
  beforeEach(() => {
    repoRoot = mkdtempSync(join(tmpdir(), 'sluice-config-'));
  });
  afterEach(() => rmSync(repoRoot, { recursive: true, force: true }));

  it('defaults to the local stack on loopback', () => {
    const config = loadConfig({ SLUICE_SECRET_KEY: KEY_HEX }, { repoRoot });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      logLevel: 'info',
      dataDir: join(repoRoot, '.data'),
      redis: { host: '127.0.0.1', port: 6379, db: 0, tls: false, address: '127.0.0.1:6379' },
      mysql: {
        host: '127.0.0.1',
        port: 3306,
        user: 'sluice',
        password: 'sluice',
        database: 'sluice',
        address: '127.0.0.1:3306/sluice',
      },
      kafka: { brokers: ['127.0.0.1:9092'] },
      flink: { restUrl: 'http://127.0.0.1:8081', dashboardUrl: 'http://127.0.0.1:8081' },
      healthCheckTimeoutMs: 2000,
    });
    expect(config.secretKey.reveal()).toEqual(Buffer.from(KEY_HEX, 'hex'));
  });

  it('parses remote services, credentials and TLS from URLs', () => {
    const config = loadConfig(
      {
        SLUICE_SECRET_KEY: KEY_HEX,
        PORT: '8080',
        HOST: '0.0.0.0',
        LOG_LEVEL: 'DEBUG',
        REDIS_URL: 'rediss://default:p%40ss@redis.example.com:6380/2',
        MYSQL_URL: 'mysql://app:s3cret@db.example.com/patterns',
        KAFKA_BROKERS: ' k1.example.com:9092, k2.example.com:9093 ,',
        FLINK_REST_URL: 'https://flink.example.com/rest/',
        FLINK_DASHBOARD_URL: 'https://flink.example.com/',
        SLUICE_DATA_DIR: 'var/state',
      },
      { repoRoot },
    );
    expect(config.port).toBe(8080);
    expect(config.logLevel).toBe('debug');
    expect(config.redis).toEqual({
      host: 'redis.example.com',
      port: 6380,
      username: 'default',
      password: 'p@ss',
      db: 2,
      tls: true,
      address: 'redis.example.com:6380',
    });
    expect(config.mysql).toMatchObject({ port: 3306, user: 'app', password: 's3cret', database: 'patterns' });
    expect(config.mysql.address).toBe('db.example.com:3306/patterns');
    expect(config.kafka.brokers).toEqual(['k1.example.com:9092', 'k2.example.com:9093']);
    expect(config.flink).toEqual({
      restUrl: 'https://flink.example.com/rest',
      dashboardUrl: 'https://flink.example.com',
    });
    expect(config.dataDir).toBe(join(repoRoot, 'var/state'));
  });

  it('configures real-time jobs: the infra PyFlink runtime and reconcile timing by default', () => {
    const defaults = loadConfig({ SLUICE_SECRET_KEY: KEY_HEX }, { repoRoot });
    expect(defaults.realtime).toEqual({
      pyflinkRuntimes: [join(repoRoot, '.data', 'flink-venv', 'bin', 'python')],
      reconcileIntervalMs: 3_000,
      submitTimeoutMs: 180_000,
      stopTimeoutMs: 120_000,
      maven: 'mvn',
    });
    const custom = loadConfig(
      {
        SLUICE_SECRET_KEY: KEY_HEX,
        SLUICE_PYFLINK_RUNTIMES: ' /opt/pyflink-2.2/bin/python , rt/1.20/bin/python ',
        SLUICE_FLINK_HOME: '/opt/flink',
        SLUICE_FLINK_JAVA_HOME: '/usr/lib/jvm/java-17',
        SLUICE_REALTIME_RECONCILE_MS: '5000',
      },
      { repoRoot },
    );
    expect(custom.realtime).toMatchObject({
      pyflinkRuntimes: ['/opt/pyflink-2.2/bin/python', join(repoRoot, 'rt/1.20/bin/python')],
      flinkHome: '/opt/flink',
      javaHome: '/usr/lib/jvm/java-17',
      reconcileIntervalMs: 5_000,
    });
    expect(issuesOf({ SLUICE_SECRET_KEY: KEY_HEX, SLUICE_REALTIME_RECONCILE_MS: '10' }).message).toContain(
      'SLUICE_REALTIME_RECONCILE_MS="10": must be an integer between 500 and 60000',
    );
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig(
      { SLUICE_SECRET_KEY: KEY_HEX, PORT: '', LOG_LEVEL: '', REDIS_URL: '' },
      { repoRoot },
    );
    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe('info');
    expect(config.redis.port).toBe(6379);
  });

  it('names every bad variable in one error', () => {
    const error = issuesOf({
      SLUICE_SECRET_KEY: KEY_HEX,
      PORT: 'abc',
      LOG_LEVEL: 'verbose',
      REDIS_URL: 'http://127.0.0.1:6379',
      KAFKA_BROKERS: '127.0.0.1',
      FLINK_REST_URL: 'not a url',
      HEALTH_CHECK_TIMEOUT_MS: '-5',
    });
    expect(error.issues.map((i) => i.variable).sort()).toEqual([
      'FLINK_REST_URL',
      'HEALTH_CHECK_TIMEOUT_MS',
      'KAFKA_BROKERS',
      'LOG_LEVEL',
      'PORT',
      'REDIS_URL',
    ]);
    expect(error.message).toContain('PORT="abc": must be an integer between 0 and 65535');
    expect(error.message).toContain(
      'LOG_LEVEL="verbose": must be one of fatal, error, warn, info, debug, trace, silent',
    );
    expect(error.message).toContain('REDIS_URL="http://127.0.0.1:6379": must use redis:// or rediss://');
    expect(error.message).toContain('"127.0.0.1" is not host:port');
    expect(error.message).toContain('FLINK_REST_URL="not a url": must be a URL like http://127.0.0.1:8081');
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '3000.5'],
    ['MYSQL_URL', 'mysql://127.0.0.1:3306/sluice'],
    ['MYSQL_URL', 'mysql://sluice:sluice@127.0.0.1:3306'],
    ['REDIS_URL', 'redis://127.0.0.1:6379/cache'],
    ['FLINK_DASHBOARD_URL', 'ftp://flink'],
    ['FLINK_REST_URL', 'http://admin:pw@flink:8081'],
    ['HOST', 'bad host'],
  ])('rejects %s=%s', (variable, value) => {
    const error = issuesOf({ SLUICE_SECRET_KEY: KEY_HEX, [variable]: value });
    expect(error.issues.map((i) => i.variable)).toEqual([variable]);
  });

  it('never echoes passwords or the secret key in errors', () => {
    const error = issuesOf({
      SLUICE_SECRET_KEY: 'hunter2-not-a-key',
      MYSQL_URL: 'mysql://app:hunter2@db.example.com:3306',
      REDIS_URL: 'http://u:hunter2@redis',
    });
    expect(error.issues.map((i) => i.variable).sort()).toEqual([
      'MYSQL_URL',
      'REDIS_URL',
      'SLUICE_SECRET_KEY',
    ]);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('mysql://app:***@db.example.com:3306');
  });

  it('accepts the secret key as hex or base64 of 32 bytes only', () => {
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ SLUICE_SECRET_KEY: base64 }, { repoRoot }).secretKey.reveal()).toEqual(
      Buffer.alloc(32, 7),
    );
    const short = Buffer.alloc(16).toString('base64');
    expect(issuesOf({ SLUICE_SECRET_KEY: short }).issues[0]?.message).toMatch(/32 random bytes/);
  });

  it('generates a dev secret key once, private to the owner, and reuses it', () => {
    const first = loadConfig({}, { repoRoot });
    const path = join(repoRoot, '.data', 'secret.key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(first.secretKey.reveal()).toHaveLength(32);
    const second = loadConfig({}, { repoRoot });
    expect(second.secretKey.reveal()).toEqual(first.secretKey.reveal());
    expect(readFileSync(path, 'utf8').trim()).toBe(first.secretKey.reveal().toString('base64'));
  });

  it('refuses a corrupt generated key instead of silently replacing it', () => {
    loadConfig({}, { repoRoot });
    writeFileSync(join(repoRoot, '.data', 'secret.key'), 'garbage');
    expect(issuesOf({}, repoRoot).message).toContain('secret.key is corrupt');
  });

  it('requires SLUICE_SECRET_KEY in production', () => {
    const error = issuesOf({ NODE_ENV: 'production' }, repoRoot);
    expect(error.issues[0]?.variable).toBe('SLUICE_SECRET_KEY');
    expect(error.message).toContain('required when NODE_ENV=production');
  });

  it('keeps the secret key out of JSON, strings and inspect output', () => {
    const config = loadConfig({ SLUICE_SECRET_KEY: KEY_HEX }, { repoRoot });
    const hex = config.secretKey.reveal().toString('hex');
    const base64 = config.secretKey.reveal().toString('base64');
    for (const rendered of [JSON.stringify(config), inspect(config, { depth: 5 }), `${config.secretKey}`]) {
      expect(rendered).toContain('[REDACTED]');
      expect(rendered).not.toContain(hex);
      expect(rendered).not.toContain(base64);
    }
  });
});
