/**
 * The JSON the Sluice API sends and the web app reads, declared once: the API builds its answers
 * as these types and the web app types its calls with them, so a renamed or retyped field fails
 * the build on both sides instead of drifting.
 *
 * Timestamps are the type parameter `At`: the API builds views with `Date` (`JSON.stringify` writes
 * them as ISO 8601 strings), the web app reads them with the default, `string`.
 *
 * @example
 * // apps/api: the compiler checks the view against the contract
 * function view(row: RunRow): Run<Date> { ... }
 * // apps/web
 * const run = await api<Run>('GET', `/runs/${id}`);
 */
export * from './environments.js';
export * from './health.js';
export * from './issue.js';
export * from './jobs.js';
export * from './realtime.js';
export * from './runs.js';
