/**
 * The versioned JSON snapshot of a clusterer, and its validation. Everything is plain JSON (arrays,
 * strings, numbers) so that a snapshot survives any store and any runtime.
 */

/**
 * Identifies the format; bump `SNAPSHOT_VERSION` on any incompatible change.
 *
 * @example
 * snapshot.format === SNAPSHOT_FORMAT && snapshot.version === SNAPSHOT_VERSION;
 */
export const SNAPSHOT_FORMAT = 'sluice-clustering-snapshot';
/** Version written. Version 2 added span variables (`spans`); version 1 snapshots still restore. */
export const SNAPSHOT_VERSION = 2;
const READABLE_VERSIONS: readonly unknown[] = [1, 2];

/** One cluster in a snapshot. */
export interface ClusterSnapshot {
  /** Template skeleton tokens. */
  tokens: string[];
  /** Lines learned. */
  count: number;
  /** Logical time of the last line (for eviction order). */
  lastUsed: number;
  /** Split positions: `[position, [[variant, count], ...]]`. */
  splits: [number, [string, number][]][];
  /** Sub-patterns: `[template, count, sample]`. */
  subs: [string, number, string][];
  /** Positions of span variables (`<*>` standing for a run of tokens); absent when none (version 2). */
  spans?: number[];
}

/** A whole clusterer state. */
export interface ClustererSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: 1 | typeof SNAPSHOT_VERSION;
  /** The options that change results; restore and merge check them. */
  model: { similarity: number; maxSplitValues: number; maxWordDifferences: number };
  /** Lines learned in total (also the logical clock). */
  lines: number;
  clusters: ClusterSnapshot[];
  /** Run groups written collapsed (see the pattern registry). */
  collapsed: string[];
  /** Replaced id -> replacing id, oldest first. */
  aliases: [string, string][];
}

/**
 * Thrown when a snapshot is malformed; `path` points into the JSON (e.g. `clusters[3].subs[0]`).
 *
 * @example
 * try { LogClusterer.restore(data); } catch (e) { if (e instanceof SnapshotError) console.error(e.path); }
 */
export class SnapshotError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'SnapshotError';
  }
}

function fail(path: string, message: string): never {
  throw new SnapshotError(path, message);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function stringArray(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) fail(path, 'must be an array of strings');
  v.forEach((s, i) => {
    if (typeof s !== 'string') fail(`${path}[${i}]`, 'must be a string');
  });
  return v as string[];
}

/**
 * Checks the shape of a parsed snapshot and returns it typed; throws {@link SnapshotError} with the
 * path of the first problem.
 *
 * @example
 * validateSnapshot(JSON.parse(text)).clusters.length;
 */
export function validateSnapshot(input: unknown): ClustererSnapshot {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    fail('snapshot', 'must be an object');
  const s = input as Record<string, unknown>;
  if (s.format !== SNAPSHOT_FORMAT)
    fail('format', `must be "${SNAPSHOT_FORMAT}", got ${JSON.stringify(s.format)}`);
  if (!READABLE_VERSIONS.includes(s.version)) {
    fail(
      'version',
      `unsupported version ${JSON.stringify(s.version)} (this build reads ${READABLE_VERSIONS.join(', ')})`,
    );
  }
  const m = s.model as Record<string, unknown> | undefined;
  if (typeof m !== 'object' || m === null) fail('model', 'must be an object');
  if (typeof m.similarity !== 'number') fail('model.similarity', 'must be a number');
  if (!isCount(m.maxSplitValues)) fail('model.maxSplitValues', 'must be a non-negative integer');
  if (!isCount(m.maxWordDifferences)) fail('model.maxWordDifferences', 'must be a non-negative integer');
  if (!isCount(s.lines)) fail('lines', 'must be a non-negative integer');
  if (!Array.isArray(s.clusters)) fail('clusters', 'must be an array');
  s.clusters.forEach((c: unknown, ci: number) => {
    const p = `clusters[${ci}]`;
    if (typeof c !== 'object' || c === null) fail(p, 'must be an object');
    const cl = c as Record<string, unknown>;
    const tokens = stringArray(cl.tokens, `${p}.tokens`);
    tokens.forEach((t, i) => {
      if (t === '' || /\s/.test(t)) fail(`${p}.tokens[${i}]`, 'must be a non-empty token without whitespace');
    });
    if (!isCount(cl.count)) fail(`${p}.count`, 'must be a non-negative integer');
    if (!isCount(cl.lastUsed)) fail(`${p}.lastUsed`, 'must be a non-negative integer');
    if (!Array.isArray(cl.splits)) fail(`${p}.splits`, 'must be an array');
    cl.splits.forEach((sp: unknown, si: number) => {
      const sp2 = `${p}.splits[${si}]`;
      if (!Array.isArray(sp) || sp.length !== 2) fail(sp2, 'must be [position, variants]');
      if (!isCount(sp[0]) || sp[0] >= tokens.length) fail(`${sp2}[0]`, 'must be a token position');
      if (!Array.isArray(sp[1]) || sp[1].length < 2) fail(`${sp2}[1]`, 'must list at least two variants');
      (sp[1] as unknown[]).forEach((v, vi) => {
        if (!Array.isArray(v) || typeof v[0] !== 'string' || !isCount(v[1])) {
          fail(`${sp2}[1][${vi}]`, 'must be [variant, count]');
        }
      });
    });
    if (cl.spans !== undefined) {
      if (!Array.isArray(cl.spans)) fail(`${p}.spans`, 'must be an array of token positions');
      let prev = -1;
      cl.spans.forEach((pos: unknown, i: number) => {
        if (!isCount(pos) || pos >= tokens.length || pos <= prev) {
          fail(`${p}.spans[${i}]`, 'must be a token position, in increasing order');
        }
        if (tokens[pos] !== '<*>') fail(`${p}.spans[${i}]`, 'must point at a <*> token');
        prev = pos;
      });
    }
    if (!Array.isArray(cl.subs) || cl.subs.length === 0) fail(`${p}.subs`, 'must be a non-empty array');
    cl.subs.forEach((sub: unknown, si: number) => {
      if (
        !Array.isArray(sub) ||
        typeof sub[0] !== 'string' ||
        !isCount(sub[1]) ||
        typeof sub[2] !== 'string'
      ) {
        fail(`${p}.subs[${si}]`, 'must be [template, count, sample]');
      }
      const n = sub[0] === '' ? 0 : (sub[0] as string).split(' ').length;
      if (n !== tokens.length)
        fail(`${p}.subs[${si}][0]`, `must have ${tokens.length} tokens like the cluster`);
    });
  });
  stringArray(s.collapsed, 'collapsed');
  if (!Array.isArray(s.aliases)) fail('aliases', 'must be an array');
  s.aliases.forEach((a: unknown, i: number) => {
    if (!Array.isArray(a) || a.length !== 2 || typeof a[0] !== 'string' || typeof a[1] !== 'string') {
      fail(`aliases[${i}]`, 'must be [fromId, toId]');
    }
  });
  return input as ClustererSnapshot;
}
