import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteQuietly, uniqueName } from '../harness/api.js';
import { type BrowserSession, openBrowser } from '../harness/browser.js';
import { WEB_URL } from '../harness/env.js';
import { screenshot } from '../harness/screenshots.js';
import { EditorPage } from '../pages/editor.page.js';
import { RunPage } from '../pages/run.page.js';

const PYTHON = `def process(record, ctx):
    print("e2e-python-saw", record["id"])
    return record
`;

describe('Drawing a job on the canvas and running it', () => {
  let browser: BrowserSession;
  const name = uniqueName('e2e-canvas');

  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await deleteQuietly(`/v1/jobs/${name}`);
    await browser?.close();
  });

  it('builds datagen -> python -> print, validates as it is drawn, saves, runs and shows the result', {
    timeout: 120_000,
  }, async () => {
    const page = await browser.newPage();
    const editor = new EditorPage(page, WEB_URL);
    await editor.openNew();

    // Job settings: a scheduled job that stays disabled, so that only our manual run happens.
    await editor.jobSettings.getByTestId('job-name').fill(name);
    await editor.jobSettings.getByTestId('job-title').fill('Drawn by the e2e test');
    await editor.jobSettings.getByTestId('cron-input').fill('0 3 * * *');
    await editor.jobSettings.getByTestId('schedule-enabled').uncheck();
    await expect.poll(() => editor.jobSettings.getByTestId('cron-time').count()).toBe(5);

    const source = await editor.addNode('source');
    await editor.chooseConnector('datagen');
    await editor.addColumn('id', 'BIGINT');
    // datagen without number-of-rows never ends: validation says so as soon as it is drawn...
    const unbounded = editor.issue('source.unbounded', source);
    await unbounded.waitFor();
    expect(await editor.node(source).getByTestId('dag-node').getAttribute('data-errors')).not.toBe('0');
    await screenshot(page, 'editor-issue');
    // ...and the problem goes away once it is fixed in the field the inspector shows for it.
    await editor.option('number-of-rows').fill('5');
    await unbounded.waitFor({ state: 'detached' });

    const step = await editor.addNode('python');
    await editor.inspector.getByTestId('python-code').fill(PYTHON);
    const sink = await editor.addNode('sink');
    await editor.chooseConnector('print');

    // Nothing flows into a source or out of a sink: those handles do not exist to draw from.
    expect(await editor.node(source).locator('.react-flow__handle.target').count()).toBe(0);
    expect(await editor.node(sink).locator('.react-flow__handle.source').count()).toBe(0);
    await editor.connect(source, step);
    await editor.connect(step, sink);
    // A second edge between the same nodes is refused as it is drawn.
    await editor.tryConnect(source, step);
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    await editor.inspector.getByTestId('copy-upstream-columns').click();
    expect(await editor.errorCount()).toBe(0);
    await screenshot(page, 'editor-ready');

    const saved = await editor.save();
    expect(saved.status(), await saved.text()).toBe(201);
    await page.waitForURL(`**/jobs/${name}`);
    await page.getByTestId('job-version').waitFor();

    const runId = await editor.runNow();
    const run = new RunPage(page);
    expect(await run.waitForEnd(60_000)).toBe('SUCCEEDED');
    expect(await run.nodeCounts(source)).toEqual({ in: '—', out: '5', status: 'succeeded' });
    expect(await run.nodeCounts(step)).toEqual({ in: '5', out: '5', status: 'succeeded' });
    expect(await run.nodeCounts(sink)).toEqual({ in: '5', out: '5', status: 'succeeded' });
    await expect.poll(() => run.dagNode(sink).getAttribute('data-run-status')).toBe('succeeded');
    expect(await run.dagNode(sink).getByTestId('node-records-out').textContent()).toContain('5');

    // The python step's own print() output, streamed live into the log.
    await run.logLines('e2e-python-saw', 'stdout').first().waitFor();
    expect(await run.logLines('e2e-python-saw', 'stdout').count()).toBe(5);
    await page.locator('[data-testid="log-view"][data-state="ended"]').waitFor();
    expect(page.url()).toContain(`/runs/${runId}`);
    await screenshot(page, 'run-succeeded');
  });
});
