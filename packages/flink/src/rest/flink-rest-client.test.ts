import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FlinkHttpError,
  FlinkNotFoundError,
  FlinkProtocolError,
  FlinkUnreachableError,
} from './flink-rest.errors.js';
import { FlinkRestClient } from './flink-rest-client.js';

// A local HTTP server stands in for answers Flink gives rarely (hangs, 500s, garbage); the
// normal paths are tested against the real cluster in test/flink-rest-client.test.ts.
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/jobs/overview') return; // never answers
    if (req.url === '/overview') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: ['Internal server error.\n\tat x.y(Z.java:1)', 'second'] }));
      return;
    }
    if (req.url?.startsWith('/jobs/00000000000000000000000000000000')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          errors: ['org.apache.flink.runtime.rest.NotFoundException: Job not found\n\tat ...'],
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>not json</html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('FlinkRestClient errors', () => {
  it('reports a refused connection as unreachable', async () => {
    // A port that was just free: bind, note it, close.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const client = new FlinkRestClient({ restUrl: `http://127.0.0.1:${port}` });
    const error = await client.clusterInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlinkUnreachableError);
    expect((error as FlinkUnreachableError).timedOut).toBe(false);
    expect((error as Error).message).toBe(
      `Flink at http://127.0.0.1:${port} is unreachable (GET /overview: ECONNREFUSED)`,
    );
  });

  it('gives up on a hanging server after the timeout', async () => {
    const client = new FlinkRestClient({ restUrl: base, timeoutMs: 300 });
    const started = Date.now();
    const hang = await client.listJobs().catch((e: unknown) => e);
    expect(hang).toBeInstanceOf(FlinkUnreachableError);
    expect((hang as FlinkUnreachableError).timedOut).toBe(true);
    expect((hang as Error).message).toContain('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('types 404 and 5xx answers with the first line of each Flink error', async () => {
    const client = new FlinkRestClient({ restUrl: base });
    const notFound = await client.job('00000000000000000000000000000000').catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(FlinkNotFoundError);
    expect((notFound as FlinkNotFoundError).errors).toEqual([
      'org.apache.flink.runtime.rest.NotFoundException: Job not found',
    ]);
    const serverError = await client.clusterInfo().catch((e: unknown) => e);
    expect(serverError).toBeInstanceOf(FlinkHttpError);
    expect(serverError).not.toBeInstanceOf(FlinkNotFoundError);
    expect((serverError as FlinkHttpError).status).toBe(500);
    expect((serverError as FlinkHttpError).isClientError).toBe(false);
    expect((serverError as Error).message).toBe(
      'Flink GET /overview answered 500: Internal server error.; second',
    );
  });

  it('refuses a body that is not JSON and a malformed job id before sending anything', async () => {
    const client = new FlinkRestClient({ restUrl: base });
    await expect(client.job('11111111111111111111111111111111')).rejects.toBeInstanceOf(FlinkProtocolError);
    await expect(client.job('../../config')).rejects.toThrow(
      '"../../config" is not a Flink job id (32 hex digits)',
    );
  });
});

describe('FlinkRestClient.dashboardJobUrl', () => {
  it('links running jobs and ended jobs to their Flink 2.x dashboard routes', () => {
    const client = new FlinkRestClient({
      restUrl: 'http://127.0.0.1:8081/',
      dashboardUrl: 'https://flink.example.com/ui/',
    });
    const id = 'a'.repeat(32);
    expect(client.dashboardJobUrl(id, 'RUNNING')).toBe(
      `https://flink.example.com/ui/#/job/running/${id}/overview`,
    );
    expect(client.dashboardJobUrl(id, 'RESTARTING')).toBe(
      `https://flink.example.com/ui/#/job/running/${id}/overview`,
    );
    expect(client.dashboardJobUrl(id, 'FAILED')).toBe(
      `https://flink.example.com/ui/#/job/completed/${id}/overview`,
    );
    expect(new FlinkRestClient({ restUrl: 'http://127.0.0.1:8081' }).dashboardJobUrl(id)).toBe(
      `http://127.0.0.1:8081/#/job/running/${id}/overview`,
    );
  });
});
