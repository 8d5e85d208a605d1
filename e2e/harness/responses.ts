import type { Response } from 'playwright-core';

/**
 * Whether `response` answers `method` on a path matching `path` (query ignored): page objects wait
 * for the API call an action makes before they read the page.
 *
 * @example
 * await page.waitForResponse((r) => isApiCall(r, 'POST', /^\/api\/v1\/jobs$/));
 */
export const isApiCall = (response: Response, method: string, path: RegExp): boolean =>
  response.request().method() === method && path.test(new URL(response.url()).pathname);
