import type { Migration } from 'kysely';
import * as scheduledJobs from './0001-scheduled-jobs.js';
import * as realtime from './0002-realtime.js';

/**
 * Every migration of the API's database, in order. Listed statically (not read from a folder) so
 * that the same list works from `src/` under vitest/tsx and from `dist/` under node. Names sort in
 * the order they apply; never rename or edit one that has shipped: add a new one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-scheduled-jobs': scheduledJobs,
  '0002-realtime': realtime,
};
