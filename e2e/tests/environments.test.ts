import type { Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteQuietly, uniqueName } from '../harness/api.js';
import { type BrowserSession, openBrowser } from '../harness/browser.js';
import { WEB_URL } from '../harness/env.js';
import { screenshot } from '../harness/screenshots.js';
import { EnvironmentsPage } from '../pages/environment.page.js';

describe('Environments', () => {
  let browser: BrowserSession;
  const name = uniqueName('e2e-env');

  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await deleteQuietly(`/v1/environments/${name}`);
    await browser?.close();
  });

  it('creates an environment and shows its build progressing to done with a live log', {
    timeout: 150_000,
  }, async () => {
    const page = await browser.newPage();
    const envs = new EnvironmentsPage(page, WEB_URL);
    await envs.openList();

    // Every status the page is told while it shows the environment, in order.
    const seen: string[] = [];
    const record = async (response: Response) => {
      if (new URL(response.url()).pathname !== `/api/v1/environments/${name}` || !response.ok()) return;
      const body = (await response.json().catch(() => undefined)) as { status?: string } | undefined;
      if (body?.status && seen.at(-1) !== body.status) seen.push(body.status);
    };
    page.on('response', (r) => void record(r));

    // No requirements: only the venv (and PyFlink linked from the runtime) is built.
    const created = await envs.create(name, '');
    expect(created.status()).toBe(201);
    const { status } = (await created.json()) as { status: string };
    expect(['QUEUED', 'BUILDING']).toContain(status);
    await envs.progress.waitFor();

    expect(await envs.waitForBuild(120_000)).toBe('READY');
    expect(await envs.progress.getAttribute('aria-valuenow')).toBe('100');
    await envs.logLines.first().waitFor();
    expect(await envs.logLines.filter({ hasText: 'ready' }).count()).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe('READY');
    await screenshot(page, 'environment-built');
  });
});
