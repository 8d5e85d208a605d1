import type { Locator, Page } from 'playwright-core';

/** A run at `/runs/:id`: status, per-node statistics, the DAG and the live log. */
export class RunPage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('run-page');
  }

  async status(): Promise<string | null> {
    return this.root.getAttribute('data-status');
  }

  /** Waits until the run has ended, and returns how it ended. */
  async waitForEnd(timeout: number): Promise<string | null> {
    await this.page
      .locator(
        '[data-testid="run-page"]:not([data-status="INIT"]):not([data-status="QUEUED"]):not([data-status="RUNNING"])',
      )
      .waitFor({ timeout });
    return this.status();
  }

  /** Records in and out of a node, from the statistics table. */
  async nodeCounts(nodeId: string): Promise<{ in: string; out: string; status: string | null }> {
    const row = this.page.locator(`[data-testid="node-stat"][data-node-id="${nodeId}"]`);
    return {
      in: ((await row.getByTestId('stat-in').textContent()) ?? '').trim(),
      out: ((await row.getByTestId('stat-out').textContent()) ?? '').trim(),
      status: await row.getAttribute('data-status'),
    };
  }

  /** A node of the run's DAG, coloured by its status. */
  dagNode(nodeId: string): Locator {
    return this.page.locator(`[data-testid="run-dag"] [data-testid="dag-node"][data-node-id="${nodeId}"]`);
  }

  /** Log lines whose text contains `text`, optionally of one stream. */
  logLines(text: string, stream?: string): Locator {
    const lines = this.page.locator(`[data-testid="log-line"]${stream ? `[data-stream="${stream}"]` : ''}`);
    return lines.filter({ hasText: text });
  }

  get logState(): Locator {
    return this.page.getByTestId('log-view');
  }
}
