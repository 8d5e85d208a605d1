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

    // Every build status and progress value the page shows, recorded in the page as it changes.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __seen: string[] }).__seen = seen;
      const record = () => {
        const env = document.querySelector('[data-testid="environment-page"]');
        const bar = document.querySelector('[data-testid="build-progress"]');
        if (!env || !bar) return;
        const entry = `${env.getAttribute('data-status')}:${bar.getAttribute('aria-valuenow')}`;
        if (seen.at(-1) !== entry) seen.push(entry);
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
      });
    });

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

    // The page showed the build while it was not done yet, then done.
    const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
    expect(seen[0], seen.join(' ')).toMatch(/^(QUEUED|BUILDING|PENDING):\d+$/);
    expect(Number(seen[0]?.split(':')[1])).toBeLessThan(100);
    expect(seen.at(-1)).toBe('READY:100');
    await screenshot(page, 'environment-built');
  });
});
