import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, openBrowser } from '../harness/browser.js';
import { ARTIFACTS_DIR, WEB_URL } from '../harness/env.js';
import { freePort, startWebPreview, type WebPreview } from '../harness/web-preview.js';
import { HealthPage, SERVICES } from '../pages/health.page.js';

describe('Stack health page', () => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it(`shows all four services healthy at ${WEB_URL}`, async () => {
    const health = new HealthPage(await browser.newPage(), WEB_URL);
    const response = await health.open();
    expect(response.status()).toBe(200);
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await health.page.screenshot({ path: join(ARTIFACTS_DIR, 'health.png'), fullPage: true });

    expect(await health.header.textContent()).toContain('Sluice');
    for (const name of SERVICES) {
      const card = health.service(name);
      const error = await card.error();
      expect(await card.status(), `${name} is not up: ${error ?? ''}`).toBe('up');
      expect(error).toBeUndefined();
      expect(await card.address()).toMatch(/\S/);
      expect(await card.latency()).toMatch(/^\d+(\.\d)? m?s$/);
    }
    for (const name of ['redis', 'mysql', 'flink'] as const) {
      expect(await health.service(name).version()).toMatch(/^\d+\.\d+/);
    }
    expect(await health.overallStatus()).toBe('ok');
  });

  it('keeps polling the API', async () => {
    const health = new HealthPage(await browser.newPage(), WEB_URL);
    await health.open();
    const next = await health.nextHealthResponse();
    expect(next.status()).toBe(200);
  });

  describe('when the API is down', () => {
    let preview: WebPreview;

    beforeAll(async () => {
      // A second copy of the built web app whose /api proxy points at a port nobody listens on.
      preview = await startWebPreview(`http://127.0.0.1:${await freePort()}`);
    });
    afterAll(async () => {
      await preview?.stop();
    });

    it('says the API cannot be reached instead of showing services', async () => {
      const health = new HealthPage(await browser.newPage(), preview.url);
      const response = await health.open();
      expect(response.status()).toBe(502);
      await health.unreachableAlert.waitFor();
      expect(await health.unreachableAlert.textContent()).toContain('Cannot reach the Sluice API');
      expect(await health.overallStatus()).toBe('unreachable');
      expect(await health.page.getByTestId('health-report').count()).toBe(0);
      await health.page.screenshot({ path: join(ARTIFACTS_DIR, 'health-api-down.png'), fullPage: true });
    });
  });
});
