import type { Locator, Page, Response } from 'playwright-core';
import { isApiCall } from '../harness/responses.js';

export type NodeKind = 'source' | 'python' | 'sink';

/** The job editor at `/jobs/new` and `/jobs/:name`: palette, canvas, inspector, problems. */
export class EditorPage {
  constructor(
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async openNew(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/jobs/new`);
    await this.page.getByTestId('job-editor').waitFor();
    await this.jobSettings.waitFor();
  }

  get jobSettings(): Locator {
    return this.page.getByTestId('job-settings');
  }

  get inspector(): Locator {
    return this.page.getByTestId('inspector');
  }

  get issues(): Locator {
    return this.page.getByTestId('issues-panel');
  }

  /** A node on the canvas, by its id (React Flow's own `data-id`). */
  node(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }

  /** Adds a node from the palette (click) and returns its id, read from the inspector it opens. */
  async addNode(kind: NodeKind): Promise<string> {
    const before = await this.page.locator('.react-flow__node').count();
    await this.page.getByTestId(`palette-${kind}`).click();
    await this.page.locator('.react-flow__node').nth(before).waitFor();
    const inspector = this.page.locator(`[data-testid="node-inspector"][data-kind="${kind}"]`);
    await inspector.waitFor();
    const id = await inspector.getAttribute('data-node-id');
    if (!id) throw new Error('the node inspector has no data-node-id');
    await this.node(id).waitFor();
    // The palette fits the view two frames after adding; two frames from now that has happened,
    // so handle positions measured afterwards are final.
    await this.page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null)))),
    );
    return id;
  }

  /** Selects a node by clicking it on the canvas; the inspector then shows it. */
  async selectNode(id: string): Promise<void> {
    await this.node(id).click();
    await this.page.locator(`[data-testid="node-inspector"][data-node-id="${id}"]`).waitFor();
  }

  /** Clicks the empty canvas: the inspector shows the job settings again. */
  async showJobSettings(): Promise<void> {
    await this.page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await this.jobSettings.waitFor();
  }

  async chooseConnector(id: string): Promise<void> {
    await this.inspector.getByTestId('connector-select').selectOption(id);
  }

  async addColumn(name: string, type: string): Promise<void> {
    const rows = this.inspector.getByTestId('column-row');
    const n = await rows.count();
    await this.inspector.getByTestId('add-column').click();
    const row = rows.nth(n);
    await row.getByTestId('column-name').fill(name);
    await row.getByTestId('column-type').fill(type);
  }

  /** The input of a connector option shown in the inspector. */
  option(key: string): Locator {
    return this.inspector.getByTestId(`option-${key}`).locator('input, select').first();
  }

  /**
   * Draws an edge with the mouse from a node's output handle to another node's input handle,
   * moving in steps as a hand would, so React Flow sees a real drag.
   */
  async connect(sourceId: string, targetId: string): Promise<void> {
    await this.tryConnect(sourceId, targetId);
    // Attached, not visible: a straight horizontal edge has a zero-height box, which Playwright calls hidden.
    await this.page
      .locator(`.react-flow__edge[data-id="${sourceId}->${targetId}"]`)
      .waitFor({ state: 'attached' });
  }

  /** Drags from one node's output handle to another's input handle, whatever the canvas makes of it. */
  async tryConnect(sourceId: string, targetId: string): Promise<void> {
    const from = this.node(sourceId).locator('.react-flow__handle.source');
    const to = this.node(targetId).locator('.react-flow__handle.target');
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    if (!a || !b) throw new Error(`handles of ${sourceId} or ${targetId} are not visible`);
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  /** The problem with this code in the problems panel. */
  issue(code: string, nodeId?: string): Locator {
    return this.issues.locator(
      `[data-testid="issue"][data-code="${code}"]${nodeId ? `[data-node-id="${nodeId}"]` : ''}`,
    );
  }

  /** Waits until validation has caught up with the latest edit, then reads the error count. */
  async errorCount(): Promise<number> {
    await this.page.locator('[data-testid="issues-panel"][data-validated="true"]').waitFor();
    return Number(await this.issues.getAttribute('data-errors'));
  }

  /** Creates or saves the job and waits for the API's answer. */
  async save(): Promise<Response> {
    const saved = this.page.waitForResponse(
      (r) => isApiCall(r, 'POST', /^\/api\/v1\/jobs$/) || isApiCall(r, 'PUT', /^\/api\/v1\/jobs\/[^/]+$/),
    );
    await this.page.getByTestId('save-job').click();
    return saved;
  }

  /** "Run now" with no parameter values; resolves with the queued run's id once its page shows. */
  async runNow(): Promise<number> {
    await this.page.getByTestId('run-now').click();
    const dialog = this.page.getByTestId('run-now-dialog');
    await dialog.getByTestId('run-now-submit').waitFor();
    const queued = this.page.waitForResponse((r) => isApiCall(r, 'POST', /^\/api\/v1\/jobs\/[^/]+\/runs$/));
    await dialog.getByTestId('run-now-submit').click();
    const response = await queued;
    if (response.status() !== 202)
      throw new Error(`Run now answered ${response.status()}: ${await response.text()}`);
    const { id } = (await response.json()) as { id: number };
    await this.page.waitForURL(`**/runs/${id}`);
    return id;
  }
}
