import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A savepoint or retained checkpoint Sluice recorded for a job. */
export interface KnownRestorePoint {
  path: string;
  kind: 'savepoint' | 'checkpoint';
  createdAt: Date;
  jobVersion: number;
}

/**
 * What a start restores from: `latest` (the newest savepoint or retained checkpoint),
 * `latest-savepoint`, `latest-checkpoint` (the job setting's names; the latter is the same as
 * `latest`), `none`, or one recorded path.
 */
export type RestoreRequest = 'latest' | 'latest-savepoint' | 'latest-checkpoint' | 'none' | { path: string };

export type RestoreChoice = { ok: true; point: KnownRestorePoint | null } | { ok: false; problem: string };

/**
 * Picks the restore point of a start. Points that no longer exist are skipped for the `latest`
 * kinds (Flink deletes superseded checkpoints, and a stop-with-savepoint discards the retained
 * checkpoint), and refused when named explicitly.
 *
 * @example
 * chooseRestorePoint('latest', points, () => true); // { ok: true, point: <newest of both kinds> }
 * chooseRestorePoint({ path: 'file:/nope' }, points, () => true); // { ok: false, problem: '...' }
 */
export function chooseRestorePoint(
  request: RestoreRequest,
  points: readonly KnownRestorePoint[],
  exists: (path: string) => boolean,
): RestoreChoice {
  if (request === 'none') return { ok: true, point: null };
  if (typeof request === 'object') {
    const point = points.find((p) => p.path === request.path);
    if (!point) {
      return {
        ok: false,
        problem: `${request.path} is not a savepoint or checkpoint of this job (GET .../realtime/savepoints lists them)`,
      };
    }
    if (!exists(point.path)) return { ok: false, problem: `${point.path} no longer exists` };
    return { ok: true, point };
  }
  const candidates = points
    .filter((p) => request !== 'latest-savepoint' || p.kind === 'savepoint')
    .slice()
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return { ok: true, point: candidates.find((p) => exists(p.path)) ?? null };
}

/**
 * Whether a savepoint/checkpoint is still there. Local (`file:`) paths are checked for Flink's
 * `_metadata` file; other schemes (s3, hdfs) cannot be checked from here and count as present.
 *
 * @example
 * restorePointExists('file:/data/flink/savepoints/savepoint-1a2b3c'); // false once deleted
 */
export function restorePointExists(path: string): boolean {
  if (!path.startsWith('file:')) return true;
  try {
    const local = path.startsWith('file://') ? fileURLToPath(path) : path.slice('file:'.length);
    return existsSync(join(local, '_metadata'));
  } catch {
    return false;
  }
}
