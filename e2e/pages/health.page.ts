import type { Locator, Page, Response } from 'playwright-core';

export type ServiceName = 'redis' | 'mysql' | 'kafka' | 'flink';
export const SERVICES: readonly ServiceName[] = ['redis', 'mysql', 'kafka', 'flink'];

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/** One service card on the health page. */
export class ServiceCard {
  constructor(readonly root: Locator) {}

  status(): Promise<string | null> {
    return this.root.getAttribute('data-status');
  }

  address(): Promise<string> {
    return text(this.root.getByTestId('service-address'));
  }

  version(): Promise<string> {
    return text(this.root.getByTestId('service-version'));
  }

  latency(): Promise<string> {
    return text(this.root.getByTestId('service-latency'));
  }

  async error(): Promise<string | undefined> {
    const error = this.root.getByTestId('service-error');
    return (await error.count()) > 0 ? text(error) : undefined;
  }
}

/** The Stack health page at `/health`. */
export class HealthPage {
  constructor(
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  get header(): Locator {
    return this.page.getByTestId('app-header');
  }

  get summary(): Locator {
    return this.page.getByTestId('health-summary');
  }

  get unreachableAlert(): Locator {
    return this.page.getByTestId('api-unreachable');
  }

  service(name: ServiceName): ServiceCard {
    return new ServiceCard(this.page.getByTestId(`service-${name}`));
  }

  /** Resolves with the next `/api/health` response the page receives. */
  nextHealthResponse(): Promise<Response> {
    return this.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/health');
  }

  /** Opens the page and waits until the first health poll has been answered and rendered. */
  async open(): Promise<Response> {
    const response = this.nextHealthResponse();
    await this.page.goto(`${this.baseUrl}/health`);
    const answered = await response;
    await this.page.locator('[data-testid="health-summary"]:not([data-status="loading"])').waitFor();
    return answered;
  }

  async overallStatus(): Promise<string | null> {
    return this.summary.getAttribute('data-status');
  }
}
