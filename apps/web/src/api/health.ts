/**
 * Reads `GET /api/health`; its shape (`HealthReport`) is `@sluice/api-contract`'s, as the API
 * sends it (see `/api/docs-json`, schema `HealthReportDto`).
 */
import { type HealthReport, SERVICE_NAMES, type ServiceHealth } from '@sluice/api-contract';

export { type HealthReport, SERVICE_NAMES, type ServiceHealth, type ServiceName } from '@sluice/api-contract';

export type HealthResult = { ok: true; report: HealthReport } | { ok: false; error: string };

export const HEALTH_PATH = '/api/health';

function isServiceHealth(value: unknown): value is ServiceHealth {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.status === 'up' || v.status === 'down') &&
    typeof v.address === 'string' &&
    typeof v.latencyMs === 'number'
  );
}

/** Guards against a different server (or an old API) answering on the proxy target. */
export function isHealthReport(value: unknown): value is HealthReport {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.status !== 'ok' && v.status !== 'degraded') return false;
  const services = v.services as Record<string, unknown> | undefined;
  return (
    typeof services === 'object' &&
    services !== null &&
    SERVICE_NAMES.every((n) => isServiceHealth(services[n]))
  );
}

/**
 * Fetches the health report. Never throws (except on abort): an unreachable API becomes
 * `{ ok: false, error }` with a sentence the page can show as is.
 */
export async function fetchHealth(signal?: AbortSignal): Promise<HealthResult> {
  let response: Response;
  try {
    response = await fetch(HEALTH_PATH, {
      signal,
      headers: { accept: 'application/json' },
      cache: 'no-store',
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, error: `The browser could not reach the web server (${(error as Error).message}).` };
  }
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    return {
      ok: false,
      error: `The Sluice API is not answering (HTTP ${response.status} from the web server's proxy to ${HEALTH_PATH}).`,
    };
  }
  if (!response.ok) {
    return { ok: false, error: `The Sluice API answered HTTP ${response.status} to ${HEALTH_PATH}.` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return {
      ok: false,
      error: `The answer to ${HEALTH_PATH} is not JSON: is something else listening on the API port?`,
    };
  }
  if (!isHealthReport(body)) {
    return { ok: false, error: `The answer to ${HEALTH_PATH} is not a Sluice health report.` };
  }
  return { ok: true, report: body };
}
