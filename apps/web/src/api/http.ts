/**
 * The one way the web app talks to the Sluice API: JSON in, JSON out, and every failure turned
 * into an `ApiError` whose message can be shown as is (the API's own sentence when it gave one).
 */

import type { ApiIssue } from '@sluice/api-contract';

/** A validation issue as the API returns it (400 answers and `warnings`): `path` is already formatted. */
export type { ApiIssue };

export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 when the request never got an answer. */
    readonly status: number,
    /** Every issue of a 400 answer, with its path. */
    readonly issues: readonly ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const API_PREFIX = '/api/v1';

function isIssue(value: unknown): value is ApiIssue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.path === 'string' && typeof v.message === 'string';
}

/** Reads Nest's error body (`{message, issues?}`; `message` may be a list) without trusting its shape. */
export function errorFromBody(status: number, body: unknown, what: string): ApiError {
  if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    const issues = Array.isArray(b.issues) ? b.issues.filter(isIssue) : [];
    const message = Array.isArray(b.message)
      ? b.message.filter((m) => typeof m === 'string').join('; ')
      : typeof b.message === 'string'
        ? b.message
        : undefined;
    if (message) return new ApiError(message, status, issues);
  }
  if (status === 502 || status === 503 || status === 504) {
    return new ApiError(
      `The Sluice API is not answering (HTTP ${status} from the web server's proxy). Start it with \`npm start\`.`,
      status,
    );
  }
  return new ApiError(`The API answered HTTP ${status} to ${what}.`, status);
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Raw body (e.g. a zip); sent as is instead of JSON. */
  rawBody?: BodyInit;
  contentType?: string;
}

/**
 * Calls the API. `path` is relative to `/api/v1` unless it starts with `/api`. Resolves with the
 * parsed JSON (undefined for 204), rejects with an `ApiError` (or the AbortError when aborted).
 */
export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const url = path.startsWith('/api') ? path : `${API_PREFIX}${path}`;
  const what = `${method} ${url.split('?')[0]}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (options.rawBody !== undefined) {
    payload = options.rawBody;
    headers['content-type'] = options.contentType ?? 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: payload,
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(`The browser could not reach the web server (${(error as Error).message}).`, 0);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    if (!response.ok) throw errorFromBody(response.status, undefined, what);
    throw new ApiError(`The answer to ${what} is not JSON: is something else listening on the API port?`, 0);
  }
  if (!response.ok) throw errorFromBody(response.status, parsed, what);
  return parsed as T;
}

/** `{a: 1, b: undefined}` -> `?a=1`; undefined and empty values are left out. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s === '' ? '' : `?${s}`;
}

/** Message of any thrown value, for an alert. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
