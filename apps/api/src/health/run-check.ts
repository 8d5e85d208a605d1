import type { DetailValue, ServiceHealthDto } from './health.dto.js';

/** What a successful check learned about its service. */
export interface CheckOutcome {
  version?: string;
  detail?: Record<string, DetailValue>;
  warnings?: string[];
}

/**
 * Probes one service. `signal` aborts when the check's deadline passes so the probe can close
 * whatever it opened.
 */
export type Check = (signal: AbortSignal) => Promise<CheckOutcome>;

export class CheckTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'CheckTimeoutError';
  }
}

/**
 * Runs `check` with a hard deadline and turns any outcome into a `ServiceHealthDto`: it never
 * throws and never takes (much) longer than `timeoutMs`, whatever the service does.
 */
export async function runCheck(address: string, check: Check, timeoutMs: number): Promise<ServiceHealthDto> {
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new CheckTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const outcome = await Promise.race([check(controller.signal), deadline]);
    const health: ServiceHealthDto = { status: 'up', address, latencyMs: elapsed() };
    if (outcome.version) health.version = outcome.version;
    if (outcome.detail) health.detail = outcome.detail;
    if (outcome.warnings?.length) health.warnings = outcome.warnings;
    return health;
  } catch (error) {
    controller.abort();
    return { status: 'down', address, latencyMs: elapsed(), error: describeError(error) };
  } finally {
    clearTimeout(timer);
  }
}

const MAX_ERROR_LENGTH = 500;

/**
 * A one-line, human-readable reason from whatever a client library threw. Node reports a
 * refused `localhost` as an AggregateError with an empty message (one error per address
 * family) and fetch hides the reason in `cause`, so both are unwrapped.
 */
export function describeError(error: unknown, depth = 0): string {
  if (depth > 4) return '';
  if (!(error instanceof Error)) return String(error).slice(0, MAX_ERROR_LENGTH);
  let text = error.message;
  if (error instanceof AggregateError && error.errors.length > 0) {
    const inner = [...new Set(error.errors.map((e) => describeError(e, depth + 1)))].filter(Boolean);
    text = [text, inner.join('; ')].filter(Boolean).join(': ');
  }
  const code = (error as { code?: unknown }).code;
  if (!text && typeof code === 'string') text = code;
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && cause !== error) {
    const reason = describeError(cause, depth + 1);
    if (reason && !text.includes(reason)) text = text ? `${text}: ${reason}` : reason;
  }
  return (text || error.name).slice(0, MAX_ERROR_LENGTH);
}
