import { createServer, type Server, type Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/index.js';
import type { HealthReportDto, ServiceName } from '../src/health/health.dto.js';

/**
 * Boots the real API on a random port against the real services started by `infra/up.sh`
 * (addresses from the usual environment variables, so a remote stack works too).
 */
async function boot(
  overrides: Record<string, string> = {},
): Promise<{ app: INestApplication; base: string }> {
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SLUICE_SECRET_KEY: 'ab'.repeat(32),
    // Health only: no queue workers picking up the dev stack's runs, and its own queue keys.
    SLUICE_WORKER: 'false',
    SLUICE_QUEUE_PREFIX: `test-health-${process.pid}`,
    ...overrides,
  });
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  return { app, base: await app.getUrl() };
}

async function getHealth(base: string): Promise<{ report: HealthReportDto; ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(`${base}/api/health`);
  const report = (await response.json()) as HealthReportDto;
  return { report, ms: performance.now() - started, status: response.status };
}

/** A port nothing listens on: bind an ephemeral port, then release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const explain = (report: HealthReportDto) => JSON.stringify(report.services, null, 2);

describe('GET /api/health against the running stack', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await boot());
  });
  afterAll(async () => {
    await app?.close();
  });

  it('reports every service up with its version and facts', async () => {
    const { report, status } = await getHealth(base);
    expect(status).toBe(200);
    expect(report.status, explain(report)).toBe('ok');
    const { redis, mysql, kafka, flink } = report.services;
    for (const service of [redis, mysql, kafka, flink]) {
      expect(service.status, explain(report)).toBe('up');
      expect(service.error).toBeUndefined();
      expect(service.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(redis.version).toMatch(/^\d+\.\d+/);
    expect(redis.detail?.maxmemoryPolicy).toBe('noeviction');
    expect(mysql.version).toMatch(/^\d+\.\d+/);
    expect(kafka.detail?.brokers).toBeGreaterThanOrEqual(1);
    expect(flink.version).toMatch(/^2\.\d+/);
    expect(flink.detail?.taskmanagers).toBeGreaterThanOrEqual(1);
    expect(flink.detail?.slotsTotal).toBeGreaterThanOrEqual(2);
  });

  it('never puts credentials in addresses', async () => {
    const { report } = await getHealth(base);
    expect(report.services.mysql.address).not.toContain('@');
    expect(JSON.stringify(report)).not.toMatch(/password|:\/\/[^/]*:[^/]*@/i);
  });

  it('serves the OpenAPI spec and UI', async () => {
    const spec = (await (await fetch(`${base}/api/docs-json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.paths).toHaveProperty('/api/health');
    expect(spec.components.schemas).toHaveProperty('HealthReportDto');
    const ui = await fetch(`${base}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });
});

describe('GET /api/health when a service is unreachable', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const pointAt: Record<ServiceName, (port: number) => Record<string, string>> = {
    redis: (port) => ({ REDIS_URL: `redis://127.0.0.1:${port}` }),
    mysql: (port) => ({ MYSQL_URL: `mysql://sluice:sluice@127.0.0.1:${port}/sluice` }),
    kafka: (port) => ({ KAFKA_BROKERS: `127.0.0.1:${port}` }),
    flink: (port) => ({ FLINK_REST_URL: `http://127.0.0.1:${port}` }),
  };

  it.each(Object.keys(pointAt) as ServiceName[])(
    'reports %s down with the reason while the others stay up',
    async (name) => {
      const port = await closedPort();
      let base: string;
      ({ app, base } = await boot(pointAt[name](port)));
      const { report, ms, status } = await getHealth(base);
      expect(status).toBe(200);
      expect(report.status).toBe('degraded');
      const down = report.services[name];
      expect(down.status).toBe('down');
      expect(down.address).toContain(String(port));
      expect(down.error).toMatch(/ECONNREFUSED/);
      for (const other of Object.keys(pointAt).filter((n) => n !== name) as ServiceName[]) {
        expect(report.services[other].status, explain(report)).toBe('up');
      }
      expect(ms).toBeLessThan(2500);
    },
  );
});

describe('GET /api/health when services accept connections but never answer', () => {
  let blackhole: Server;
  const sockets = new Set<Socket>();
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    blackhole = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    const { port } = blackhole.address() as { port: number };
    ({ app, base } = await boot({
      HEALTH_CHECK_TIMEOUT_MS: '500',
      REDIS_URL: `redis://127.0.0.1:${port}`,
      MYSQL_URL: `mysql://sluice:sluice@127.0.0.1:${port}/sluice`,
      KAFKA_BROKERS: `127.0.0.1:${port}`,
      FLINK_REST_URL: `http://127.0.0.1:${port}`,
    }));
  });
  afterAll(async () => {
    await app?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => blackhole.close(() => resolve()));
  });

  it('boots, answers within the per-check timeout, and reports every service down', async () => {
    const { report, ms } = await getHealth(base);
    expect(ms).toBeLessThan(1500);
    expect(report.status).toBe('degraded');
    for (const service of Object.values(report.services)) {
      expect(service.status).toBe('down');
      expect(service.error).toBeTruthy();
    }
  });

  it('shuts down in bounded time with checks still hanging', async () => {
    await getHealth(base);
    const started = performance.now();
    await app.close();
    // Clients give up on a hung service within about a second; feature modules may wait up to
    // 5 s for their own start-up to settle (scheduler.lifecycle.ts). Never an indefinite hang.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
