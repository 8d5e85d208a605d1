/**
 * The narrow view of a job version that the batch runner needs. `@sluice/dag`'s `Job` satisfies it
 * structurally, so the runner does not have to follow every change of the full model; anything the
 * runner does not read is simply not declared here.
 */

/** A column of a source or sink table, as the DAG model declares it. */
export interface RunnableColumn {
  name: string;
  /** Flink SQL type, e.g. `BIGINT`, `DECIMAL(10, 2)`, `TIMESTAMP(3)`. Absent on computed columns. */
  type?: string;
  /** Computed column (`name AS expression`): Flink SQL the batch runner cannot evaluate. */
  expression?: string;
  /** Metadata column discriminator, when the model marks columns by kind. */
  kind?: string;
  /** Metadata key (`METADATA FROM 'key'`); the column name is the key when absent. */
  key?: string;
  /** `VIRTUAL` metadata columns are read-only: sources fill them, sinks never write them. */
  virtual?: boolean;
}

export interface RunnableTableConfig {
  /** Connector name from the catalog: `jdbc`, `kafka`, `filesystem`, `datagen`, `print`. */
  connector: string;
  /** Flink option names and values; values may reference start parameters as `${name}`. */
  options: Record<string, string>;
  columns: readonly RunnableColumn[];
  /** Column names of the primary key; a jdbc sink with one upserts. */
  primaryKey?: readonly string[] | { columns: readonly string[] };
}

export interface RunnablePythonConfig {
  mode: string;
  code: string;
}

export interface RunnableNode {
  id: string;
  kind: 'source' | 'python' | 'sink';
  /** Unique identifier within the job; the table name for sources and sinks. */
  name: string;
  config: RunnableTableConfig | RunnablePythonConfig;
}

export interface RunnableEdge {
  id?: string;
  source: string;
  target: string;
}

export interface RunnableParameter {
  name: string;
  /** Secret values are substituted at run time only and redacted from every log line. */
  secret?: boolean;
  /** Used when the run does not supply a value. */
  default?: unknown;
}

/** One job version as the runner executes it. */
export interface RunnableJob {
  name: string;
  /** Name of the environment whose Python runs the job's python nodes. */
  environment: string;
  parameters?: readonly RunnableParameter[];
  graph: {
    nodes: readonly RunnableNode[];
    edges: readonly RunnableEdge[];
  };
}

/** `primaryKey` is either a list of names or `{ columns }`; both mean the same. */
export function primaryKeyOf(config: RunnableTableConfig): string[] {
  const pk = config.primaryKey;
  if (!pk) return [];
  return Array.isArray(pk) ? [...pk] : [...(pk as { columns: readonly string[] }).columns];
}

export function isTableConfig(config: RunnableNode['config']): config is RunnableTableConfig {
  return 'connector' in config;
}
