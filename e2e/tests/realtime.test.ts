import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, datagenJob, deleteQuietly, uniqueName } from '../harness/api.js';
import { type BrowserSession, openBrowser } from '../harness/browser.js';
import { WEB_URL } from '../harness/env.js';
import { screenshot } from '../harness/screenshots.js';
import { JobsPage } from '../pages/jobs.page.js';
import { RealtimePage } from '../pages/realtime.page.js';

// The API's own tests start, stop and break Flink jobs on the real cluster; here one short job
// (10 generated rows) runs to the end so that the jobs list has a deployment state to show.
describe('Real-time job page', () => {
  let browser: BrowserSession;
  const name = uniqueName('e2e-rt');

  beforeAll(async () => {
    await api('POST', '/v1/jobs', datagenJob(name, 'realtime'));
    browser = await openBrowser();
  });
  afterAll(async () => {
    await deleteQuietly(`/v1/jobs/${name}`);
    await browser?.close();
  });

  it('shows a never-started job and previews the PyFlink script it would run', async () => {
    const page = await browser.newPage();
    const realtime = new RealtimePage(page, WEB_URL);
    await realtime.open(name);
    expect(await realtime.state.textContent()).toContain('Never started');
    expect(await realtime.panel.getByTestId('realtime-start').isEnabled()).toBe(true);

    const response = await realtime.previewScript(name);
    expect(response.status()).toBe(200);
    const script = (await realtime.scriptCode.textContent()) ?? '';
    expect(script).toContain(`Sluice real-time job "${name}", version 1`);
    expect(script).toContain('sluice.execute()');
    expect(await realtime.scriptConfig.textContent()).toContain(`sluice/${name}/v1`);
    await screenshot(page, 'realtime-script');
  });

  it('shows a real-time job’s deployment state in the jobs list once it has run on Flink', async () => {
    await api('POST', `/v1/jobs/${name}/realtime/start`, {});
    const deadline = Date.now() + 180_000;
    let state = '';
    while (Date.now() < deadline) {
      state = (await api<{ deployment: { state: string } | null }>('GET', `/v1/jobs/${name}/realtime`))
        .deployment?.state as string;
      if (['finished', 'failed', 'cancelled'].includes(state)) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(state).toBe('finished');

    const page = await browser.newPage();
    const jobs = new JobsPage(page, WEB_URL);
    await jobs.open();
    const row = await jobs.find(name);
    await row.root.getByTestId('job-realtime-state').waitFor();
    expect(await row.realtimeState()).toMatch(/Finished\s*(just now|\d+s ago)/);
    await screenshot(page, 'jobs-realtime-state');
  }, 200_000);
});
