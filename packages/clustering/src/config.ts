/**
 * Options of the clusterer, their defaults, and validation with messages that name the option.
 * The defaults are one configuration for every log source; nothing is tuned per source.
 */

/** An extra masking rule: every match of `pattern` (a JavaScript regular expression) is a variable. */
export interface MaskRule {
  /** Label for error messages and documentation. */
  name?: string;
  /** Regular expression source, e.g. `"order-[0-9a-f]{8}"`. */
  pattern: string;
  /** Regular expression flags other than `g`/`y` (e.g. `"i"`). */
  flags?: string;
}

/** Options of {@link LogClusterer}; every field is optional. */
export interface ClustererOptions {
  /** Minimum share of identical tokens for a line to join a cluster (0..1]. Default 0.5. */
  similarity?: number;
  /**
   * Distinct words a template position may take before it becomes `<*>` (until then each word is
   * part of its own pattern, e.g. `start`/`end`). Default 2.
   */
  maxSplitValues?: number;
  /** Words in which a line may differ from a template and still join its cluster. Default 1. */
  maxWordDifferences?: number;
  /** Cap on clusters; the least recently used are evicted beyond it. Default 50 000. */
  maxClusters?: number;
  /** Longer lines are truncated (and flagged) before clustering. Default 16 384 UTF-16 units. */
  maxLineLength?: number;
  /** Tokens beyond this count are folded into one trailing variable (flagged). Default 256. */
  maxTokens?: number;
  /** Sub-patterns (exact templates) per cluster before its most varied position becomes `<*>`. Default 64. */
  maxPatternsPerCluster?: number;
  /** Extra masking rules, applied before the built-in ones. */
  extraMasks?: MaskRule[];
  /**
   * Header format splitting each line into fields and content, e.g.
   * `"<Date> <Time> <Level> <Component>: <Content>"`; only `<Content>` is clustered.
   */
  headerFormat?: string | null;
  /** Entries of the cache of recently seen masked lines (0 disables it). Default 100 000. */
  cacheSize?: number;
  /** Replaced-id aliases kept for `resolveId`. Default 100 000. */
  maxAliases?: number;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  similarity: number;
  maxSplitValues: number;
  maxWordDifferences: number;
  maxClusters: number;
  maxLineLength: number;
  maxTokens: number;
  maxPatternsPerCluster: number;
  extraMasks: MaskRule[];
  headerFormat: string | null;
  cacheSize: number;
  maxAliases: number;
}

/**
 * The default configuration.
 *
 * @example
 * new LogClusterer({ ...DEFAULT_OPTIONS, maxClusters: 10_000 });
 */
export const DEFAULT_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  similarity: 0.5,
  maxSplitValues: 2,
  maxWordDifferences: 1,
  maxClusters: 50_000,
  maxLineLength: 16_384,
  maxTokens: 256,
  maxPatternsPerCluster: 64,
  extraMasks: [],
  headerFormat: null,
  cacheSize: 100_000,
  maxAliases: 100_000,
});

/**
 * Thrown for invalid options; `path` names the offending option (e.g. `extraMasks[1].pattern`).
 *
 * @example
 * try { new LogClusterer({ similarity: 2 }); } catch (e) { if (e instanceof OptionsError) e.path; } // 'similarity'
 */
export class OptionsError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'OptionsError';
  }
}

function integer(path: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new OptionsError(path, `must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return v;
}

const KNOWN = new Set(Object.keys(DEFAULT_OPTIONS));

/**
 * Fills defaults and validates; throws {@link OptionsError} naming the bad option.
 *
 * @example
 * resolveOptions({ similarity: 0.6 }).maxSplitValues; // 2
 */
export function resolveOptions(input: ClustererOptions | undefined): ResolvedOptions {
  const o = input ?? {};
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    throw new OptionsError('options', 'must be an object');
  }
  for (const key of Object.keys(o)) {
    if (!KNOWN.has(key)) throw new OptionsError(key, 'is not a known option');
  }
  const d = DEFAULT_OPTIONS;
  const similarity = o.similarity ?? d.similarity;
  if (typeof similarity !== 'number' || !(similarity > 0 && similarity <= 1)) {
    throw new OptionsError('similarity', `must be a number in (0, 1], got ${JSON.stringify(similarity)}`);
  }
  const extraMasks = o.extraMasks ?? d.extraMasks;
  if (!Array.isArray(extraMasks)) throw new OptionsError('extraMasks', 'must be an array');
  extraMasks.forEach((rule, i) => {
    const path = `extraMasks[${i}]`;
    if (typeof rule !== 'object' || rule === null) throw new OptionsError(path, 'must be an object');
    if (typeof rule.pattern !== 'string' || rule.pattern === '') {
      throw new OptionsError(`${path}.pattern`, 'must be a non-empty string');
    }
    const flags = rule.flags ?? '';
    if (typeof flags !== 'string' || /[gy]/.test(flags)) {
      throw new OptionsError(`${path}.flags`, 'must be a string of regular expression flags without g or y');
    }
    try {
      const re = new RegExp(rule.pattern, `${flags}g`);
      if (re.test('')) throw new OptionsError(`${path}.pattern`, 'must not match the empty string');
    } catch (e) {
      if (e instanceof OptionsError) throw e;
      throw new OptionsError(`${path}.pattern`, `is not a valid regular expression: ${(e as Error).message}`);
    }
  });
  const headerFormat = o.headerFormat ?? d.headerFormat;
  if (headerFormat !== null && typeof headerFormat !== 'string') {
    throw new OptionsError('headerFormat', 'must be a string or null');
  }
  return {
    similarity,
    maxSplitValues: integer('maxSplitValues', o.maxSplitValues ?? d.maxSplitValues, 1, 64),
    maxWordDifferences: integer('maxWordDifferences', o.maxWordDifferences ?? d.maxWordDifferences, 0, 64),
    maxClusters: integer('maxClusters', o.maxClusters ?? d.maxClusters, 1, 10_000_000),
    maxLineLength: integer('maxLineLength', o.maxLineLength ?? d.maxLineLength, 16, 100_000_000),
    maxTokens: integer('maxTokens', o.maxTokens ?? d.maxTokens, 2, 1_000_000),
    maxPatternsPerCluster: integer(
      'maxPatternsPerCluster',
      o.maxPatternsPerCluster ?? d.maxPatternsPerCluster,
      2,
      1_000_000,
    ),
    extraMasks: extraMasks.map((r) => ({ ...r })),
    headerFormat,
    cacheSize: integer('cacheSize', o.cacheSize ?? d.cacheSize, 0, 100_000_000),
    maxAliases: integer('maxAliases', o.maxAliases ?? d.maxAliases, 0, 100_000_000),
  };
}

/** The options that change clustering results (recorded in snapshots, checked on merge). */
export function modelOptions(o: ResolvedOptions): {
  similarity: number;
  maxSplitValues: number;
  maxWordDifferences: number;
} {
  return {
    similarity: o.similarity,
    maxSplitValues: o.maxSplitValues,
    maxWordDifferences: o.maxWordDifferences,
  };
}
