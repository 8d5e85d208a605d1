import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/index.js';

/** A non-2xx answer (or an unreadable body) from the Flink REST API. */
export class FlinkRestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FlinkRestError';
  }
}

export interface FlinkRequestOptions {
  /** Gives up after this long; defaults to 10 s. */
  timeoutMs?: number;
  /** Cancels the request early, e.g. when the caller's own deadline passes. */
  signal?: AbortSignal;
}

/**
 * Minimal HTTP access to the Flink JobManager REST API (JSON in, JSON out) at FLINK_REST_URL.
 * Every request has a timeout, so an unreachable cluster never hangs a caller.
 *
 * @example
 * constructor(private readonly flink: FlinkRestClient) {}
 * const overview = await this.flink.get<{ 'flink-version': string }>('/overview', { timeoutMs: 2000 });
 */
@Injectable()
export class FlinkRestClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get restUrl(): string {
    return this.config.flink.restUrl;
  }

  /** Base URL of the Flink Dashboard for links shown to users. */
  get dashboardUrl(): string {
    return this.config.flink.dashboardUrl;
  }

  get<T>(path: string, options: FlinkRequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T>(path: string, body: unknown, options: FlinkRequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, body, options);
  }

  private async request<T>(
    method: string,
    path: string,
    body: unknown,
    { timeoutMs = 10_000, signal }: FlinkRequestOptions,
  ): Promise<T> {
    const url = `${this.restUrl}${path.startsWith('/') ? path : `/${path}`}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await fetch(url, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    }).catch((error: unknown) => {
      if (timeout.aborted)
        throw new FlinkRestError(`Flink ${method} ${path}: no answer within ${timeoutMs} ms`);
      throw error;
    });
    const text = await response.text();
    if (!response.ok) {
      throw new FlinkRestError(
        `Flink ${method} ${path} answered ${response.status}: ${flinkErrors(text)}`,
        response.status,
      );
    }
    try {
      return (text === '' ? undefined : JSON.parse(text)) as T;
    } catch {
      throw new FlinkRestError(
        `Flink ${method} ${path} answered with a body that is not JSON`,
        response.status,
      );
    }
  }
}

/** Flink error bodies are `{"errors": ["..."]}`; the first line of each is what a user needs. */
function flinkErrors(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    if (Array.isArray(parsed.errors) && parsed.errors.length > 0) {
      return parsed.errors.map((e) => String(e).split('\n')[0]).join('; ');
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.slice(0, 300) || '(empty body)';
}
