import { randomBytes } from 'node:crypto';
import { WEB_URL } from './env.js';

/**
 * Seeding and cleanup through the Sluice API, reached through the web app's own `/api` proxy so
 * that tests exercise the same path the browser does.
 */
export const API_URL = (process.env.SLUICE_E2E_API_URL ?? `${WEB_URL}/api`).replace(/\/+$/, '');

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${API_URL}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new ApiRequestError(
      `${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`,
      response.status,
    );
  }
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** `prefix-<time>-<random>`: a name no other test run (or engineer) uses at the same time. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Deletes, ignoring "already gone": cleanup must not hide the test's own failure. */
export async function deleteQuietly(path: string): Promise<void> {
  try {
    await api('DELETE', path);
  } catch (error) {
    if (!(error instanceof ApiRequestError && error.status === 404)) throw error;
  }
}

export interface JobViewLike {
  name: string;
  version: number;
  schedule: { enabled: boolean; cron: string; timezone: string; nextFireTimes: string[] } | null;
}

/** A job needing no external service: datagen -> python record step -> print. */
export function datagenJob(name: string, kind: 'scheduled' | 'realtime', cron = '0 0 1 1 *') {
  const columns = [
    { name: 'id', type: 'BIGINT' },
    { name: 'value', type: 'DOUBLE' },
  ];
  return {
    name,
    title: `e2e ${kind} job`,
    kind,
    environment: 'default',
    graph: {
      nodes: [
        {
          id: 'gen',
          kind: 'source',
          name: 'gen',
          position: { x: 0, y: 0 },
          config: { connector: 'datagen', options: { 'number-of-rows': '10' }, columns },
        },
        {
          id: 'step',
          kind: 'python',
          name: 'step',
          position: { x: 320, y: 0 },
          config: { mode: 'record', code: 'def process(record, ctx):\n    return record\n' },
        },
        {
          id: 'out',
          kind: 'sink',
          name: 'out',
          position: { x: 640, y: 0 },
          config: { connector: 'print', options: {}, columns },
        },
      ],
      edges: [
        { source: 'gen', target: 'step' },
        { source: 'step', target: 'out' },
      ],
    },
    ...(kind === 'scheduled' ? { schedule: { cron, timezone: 'UTC', enabled: true } } : {}),
  };
}
