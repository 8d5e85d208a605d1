import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, datagenJob, deleteQuietly, uniqueName } from '../harness/api.js';
import { type BrowserSession, openBrowser } from '../harness/browser.js';
import { WEB_URL } from '../harness/env.js';
import { screenshot } from '../harness/screenshots.js';
import { RealtimePage } from '../pages/realtime.page.js';

// Flink jobs are not started here: the API's own tests start and stop them on the real cluster.
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
});
