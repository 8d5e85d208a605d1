import type { Locator, Page, Response } from 'playwright-core';
import { isApiCall } from '../harness/responses.js';

/** One row of the jobs table. */
export class JobRow {
  constructor(
    readonly root: Locator,
    private readonly page: Page,
    readonly name: string,
  ) {}

  get toggle(): Locator {
    return this.root.getByTestId('job-enabled');
  }

  /** The ISO time of the next fire time shown, or null when the row shows none. */
  async nextFireTime(): Promise<string | null> {
    const time = this.root.getByTestId('job-next-fire').locator('time').first();
    return (await time.count()) > 0 ? time.getAttribute('datetime') : null;
  }

  async nextFireText(): Promise<string> {
    return ((await this.root.getByTestId('job-next-fire').textContent()) ?? '').trim();
  }

  /** What the "last run / state" cell says (a real-time job's deployment state). */
  async realtimeState(): Promise<string> {
    return ((await this.root.getByTestId('job-realtime-state').textContent()) ?? '').trim();
  }

  async enabled(): Promise<boolean> {
    return (await this.toggle.getAttribute('aria-checked')) === 'true';
  }

  /** Flips the schedule switch and waits for the API's answer and the switch to show it. */
  async setEnabled(enabled: boolean): Promise<Response> {
    const answered = this.page.waitForResponse((r) =>
      isApiCall(r, 'POST', new RegExp(`/api/v1/jobs/${this.name}/${enabled ? 'enable' : 'disable'}$`)),
    );
    await this.toggle.click();
    const response = await answered;
    await this.root.locator(`[data-testid="job-enabled"][aria-checked="${enabled}"]`).waitFor();
    return response;
  }
}

/** The jobs list at `/jobs`. */
export class JobsPage {
  constructor(
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  /** Opens the list and waits for the first answer of the jobs API to be rendered. */
  async open(): Promise<void> {
    const listed = this.page.waitForResponse((r) => isApiCall(r, 'GET', /^\/api\/v1\/jobs$/));
    await this.page.goto(`${this.baseUrl}/jobs`);
    await listed;
    await this.page
      .locator('[data-testid="jobs-table"][aria-busy="false"], [data-testid="jobs-empty"]')
      .first()
      .waitFor();
  }

  /** Narrows the list to `name` (the API searches by name) and returns its row once shown. */
  async find(name: string): Promise<JobRow> {
    const searched = this.page.waitForResponse(
      (r) => isApiCall(r, 'GET', /^\/api\/v1\/jobs$/) && r.url().includes(`search=${name}`),
    );
    await this.page.getByTestId('jobs-search').fill(name);
    await searched;
    const root = this.page.locator(`[data-testid="job-row"][data-job="${name}"]`);
    await root.waitFor();
    return new JobRow(root, this.page, name);
  }
}
