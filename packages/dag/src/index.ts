/**
 * @sluice/dag: the one DAG model of Sluice. Types and schemas of a job, validation, topological
 * order, content hash, structural diff, the connector catalog, Flink SQL types and CREATE TABLE,
 * cron previews, and import/export (native JSON and SREWorks job packages).
 */

export {
  type ActiveFormat,
  activeFormats,
  CONNECTOR_CATALOG,
  FORMAT_CATALOG,
  getConnector,
  getFormat,
  knownOptionKeys,
  listConnectors,
  type ResolvedOption,
  resolveOption,
  supportsUse,
} from './catalog/catalog.js';
export type * from './catalog/catalog.types.js';
export { checkOptionValue, durationToMs, type OptionType } from './catalog/option-types.js';
export {
  type ChangeType,
  type DiffOptions,
  diffJobs,
  type FieldChange,
  type JobDiff,
  type NodeDiff,
} from './diff/diff-jobs.js';
export { exampleJobs } from './examples/examples.js';
export {
  findCycles,
  GraphCycleError,
  type GraphLike,
  reachable,
  topologicalOrder,
} from './graph/graph-analysis.js';
export { canonicalJson, contentHash } from './hash/content-hash.js';
export { sha256Hex } from './hash/sha256.js';
export type { ImportIssue, ImportResult } from './io/import-result.js';
export { exportJobJson, importJobJson, toJobDocument } from './io/native-json.js';
export { analyzeFragment, type FragmentAnalysis } from './io/pyflink-fragments.js';
export {
  checkEntryPath,
  DEFAULT_UNZIP_LIMITS,
  safeUnzip,
  type UnzipLimits,
  type UnzipProblem,
  type UnzipResult,
} from './io/safe-unzip.js';
export {
  ExportError,
  exportSreworksPackage,
  generateTemplate,
  type SluiceSettingsSection,
} from './io/sreworks-export.js';
export { importSreworksPackage, type SreworksImportOptions } from './io/sreworks-import.js';
export * from './model/job.schema.js';
export {
  PARAM_NAME_PATTERN,
  type ParamRef,
  type ParamScan,
  scanParamRefs,
  substituteParams,
} from './params/param-refs.js';
export {
  hasLoneSurrogate,
  SECRET_MASK,
  SECRET_MIN_LENGTH,
  secretMasker,
  secretValueProblem,
} from './params/secret-values.js';
export { type CronProblem, checkCron, isValidTimezone, nextFireTimes } from './schedule/cron.js';
export {
  type CreateTableDdlOptions,
  createTableDdl,
  DdlError,
  type SecretOption,
  secretOptions,
} from './sql/create-table.ddl.js';
export { DdlParseError, type ParsedTable, parseCreateTableDdl, parseTableElement } from './sql/ddl.parser.js';
export { checkSqlExpression, type ExpressionProblem } from './sql/expression-check.js';
export * from './sql/flink-type.parser.js';
export { quoteIdentifier, quoteString, SqlQuoteError } from './sql/sql-quote.js';
export * from './validate/issues.js';
export { JOB_NAME_PATTERN, suggestJobName } from './validate/rules/job-fields.rule.js';
export { NODE_NAME_PATTERN, suggestIdentifier } from './validate/rules/names.rule.js';
export { type ValidationResult, validateDag } from './validate/validate-dag.js';
