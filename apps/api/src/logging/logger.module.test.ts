import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinoHttpOptions } from './logger.module.js';

describe('pinoHttpOptions', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).trim().split('\n'));
      done();
    },
  });
  const http = pinoHttp(pinoHttpOptions({ logLevel: 'info' }), sink);
  const server = createServer((req, res) => {
    http(req, res);
    req.log.info({ db: { user: 'sluice', password: 'db-pass' }, apiToken: 'tok-1' }, 'handled');
    res.end('ok');
  });
  let base = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('logs requests without credentials from headers, query strings or logged objects', async () => {
    await fetch(`${base}/api/jobs?token=query-secret`, {
      headers: { authorization: 'Bearer header-secret', cookie: 'sid=cookie-secret' },
    });
    const output = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const secret of ['header-secret', 'cookie-secret', 'query-secret', 'db-pass', 'tok-1']) {
      expect(output).not.toContain(secret);
    }
    const handled = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'handled');
    expect(handled.db).toEqual({ user: 'sluice', password: '[REDACTED]' });
    const completed = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request completed');
    expect(completed.req.url).toBe('/api/jobs');
    expect(completed.req.headers.authorization).toBe('[REDACTED]');
  });

  it('logs successful health polls at debug only', async () => {
    const before = lines.length;
    await fetch(`${base}/api/health`);
    const completed = lines.slice(before).filter((l) => l.includes('request completed'));
    expect(completed).toEqual([]);
  });
});
