import type { Locator, Page, Response } from 'playwright-core';
import { isApiCall } from '../harness/responses.js';

/** The "Real-time" tab of a job (`/jobs/:name?tab=realtime`). */
export class RealtimePage {
  constructor(
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async open(name: string): Promise<void> {
    const status = this.page.waitForResponse((r) =>
      isApiCall(r, 'GET', new RegExp(`/api/v1/jobs/${name}/realtime$`)),
    );
    await this.page.goto(`${this.baseUrl}/jobs/${name}?tab=realtime`);
    await status;
    await this.panel.waitFor();
  }

  get panel(): Locator {
    return this.page.getByTestId('realtime-panel');
  }

  get state(): Locator {
    return this.panel.getByTestId('deployment-state');
  }

  /** Opens the script preview and waits for the API's answer. */
  async previewScript(name: string): Promise<Response> {
    const script = this.page.waitForResponse((r) =>
      isApiCall(r, 'GET', new RegExp(`/api/v1/jobs/${name}/realtime/script$`)),
    );
    await this.panel.getByTestId('script-toggle').click();
    const response = await script;
    await this.page.getByTestId('script-preview').waitFor();
    return response;
  }

  get scriptCode(): Locator {
    return this.page.getByTestId('script-code');
  }

  get scriptConfig(): Locator {
    return this.page.getByTestId('script-config');
  }
}
