import type { Locator, Page, Response } from 'playwright-core';
import { isApiCall } from '../harness/responses.js';

/** The environments list and one environment's page (build progress and live log). */
export class EnvironmentsPage {
  constructor(
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async openList(): Promise<void> {
    const listed = this.page.waitForResponse((r) => isApiCall(r, 'GET', /^\/api\/v1\/environments$/));
    await this.page.goto(`${this.baseUrl}/environments`);
    await listed;
    await this.page.getByTestId('environments-page').waitFor();
  }

  /** Fills the "New environment" form and submits it; resolves with the API's answer. */
  async create(name: string, requirements = ''): Promise<Response> {
    await this.page.getByTestId('new-environment').click();
    const dialog = this.page.getByTestId('create-environment-dialog');
    await dialog.getByTestId('env-name').fill(name);
    await dialog.getByTestId('env-requirements').fill(requirements);
    const created = this.page.waitForResponse((r) => isApiCall(r, 'POST', /^\/api\/v1\/environments$/));
    await dialog.getByTestId('env-submit').click();
    const response = await created;
    await this.page.waitForURL(`**/environments/${name}`);
    return response;
  }

  get detail(): Locator {
    return this.page.getByTestId('environment-page');
  }

  get progress(): Locator {
    return this.page.getByTestId('build-progress');
  }

  async status(): Promise<string | null> {
    return this.detail.getAttribute('data-status');
  }

  /** Waits until the build ended (ready or failed) and returns the status. */
  async waitForBuild(timeout: number): Promise<string | null> {
    await this.page
      .locator(
        '[data-testid="environment-page"][data-status="READY"], [data-testid="environment-page"][data-status="FAILED"]',
      )
      .waitFor({ timeout });
    return this.status();
  }

  get logLines(): Locator {
    return this.page.getByTestId('build-log-line');
  }
}
