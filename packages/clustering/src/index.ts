/**
 * @sluice/clustering: the log clustering core. Plain TypeScript with no runtime dependencies and no
 * Node-only APIs, loaded by the API, batch steps, the web app and (as a script bundle) by Python.
 */

export type { LearnResult, MatchResult, PatternInfo } from './clusterer.js';
export { LogClusterer } from './clusterer.js';
export type { ClustererOptions, MaskRule, ResolvedOptions } from './config.js';
export { DEFAULT_OPTIONS, OptionsError, resolveOptions } from './config.js';
export type { HeaderFormat, HeaderSplit } from './header/header-format.js';
export { compileHeaderFormat, splitHeader } from './header/header-format.js';
export { maskLine } from './mask/line-masker.js';
export { maskToken, WILDCARD } from './mask/token-masker.js';
export type { ParsedLine } from './parse.js';
export { parseLines } from './parse.js';
export { extractParams } from './patterns/params.js';
export type { IdChange } from './patterns/pattern-registry.js';
export type { PatternSummary, TopPattern } from './patterns/top-patterns.js';
export { groupTopPatterns } from './patterns/top-patterns.js';
export { mergeSnapshots } from './snapshot/merge.js';
export type { ClustererSnapshot, ClusterSnapshot } from './snapshot/snapshot-format.js';
export {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  SnapshotError,
  validateSnapshot,
} from './snapshot/snapshot-format.js';
export { fnv1a64Hex } from './util/fnv64.js';
