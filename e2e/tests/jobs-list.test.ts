import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, datagenJob, deleteQuietly, type JobViewLike, uniqueName } from '../harness/api.js';
import { type BrowserSession, openBrowser } from '../harness/browser.js';
import { WEB_URL } from '../harness/env.js';
import { screenshot } from '../harness/screenshots.js';
import { JobsPage } from '../pages/jobs.page.js';

describe('Jobs list', () => {
  let browser: BrowserSession;
  const name = uniqueName('e2e-list');
  let seeded: JobViewLike;

  beforeAll(async () => {
    // Once a year: the next fire time cannot move while the test looks at it.
    seeded = await api<JobViewLike>('POST', '/v1/jobs', datagenJob(name, 'scheduled', '0 0 1 1 *'));
    browser = await openBrowser();
  });
  afterAll(async () => {
    await deleteQuietly(`/v1/jobs/${name}`);
    await browser?.close();
  });

  it('shows the seeded job with its schedule and next fire time', async () => {
    const jobs = new JobsPage(await browser.newPage(), WEB_URL);
    await jobs.open();
    const row = await jobs.find(name);
    expect(seeded.schedule?.nextFireTimes[0]).toBeDefined();
    expect(await row.nextFireTime()).toBe(seeded.schedule?.nextFireTimes[0]);
    expect(await row.nextFireText()).toMatch(/^next in \d+d/);
    expect(await row.root.textContent()).toContain('0 0 1 1 *');
    expect(await row.enabled()).toBe(true);
    await screenshot(jobs.page, 'jobs-list');
  });

  it('disables and enables the schedule with the switch', async () => {
    const jobs = new JobsPage(await browser.newPage(), WEB_URL);
    await jobs.open();
    const row = await jobs.find(name);

    expect((await row.setEnabled(false)).status()).toBe(200);
    expect(await row.nextFireText()).toBe('paused');
    expect((await api<JobViewLike>('GET', `/v1/jobs/${name}`)).schedule?.enabled).toBe(false);

    expect((await row.setEnabled(true)).status()).toBe(200);
    expect(await row.nextFireTime()).toBe(seeded.schedule?.nextFireTimes[0]);
    expect((await api<JobViewLike>('GET', `/v1/jobs/${name}`)).schedule?.enabled).toBe(true);
  });
});
