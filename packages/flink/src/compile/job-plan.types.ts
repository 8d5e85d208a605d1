/**
 * The job plan: what the compiler writes to `sluice_plan.json` next to the generated script and
 * what `packages/python/sluice_runtime/flink_driver.py` (via `flink_plan.py`) reads. Keep both sides
 * in step: a change here needs a new `format` version there.
 *
 * The plan holds no parameter values: an option that references `${param}` appears in the DDL as
 * a token literal (`'__sluice_param_0__'`) and is listed in `substitutions`; the driver puts the
 * value in on the submitting host at submit time.
 */
import type { FlinkType } from '@sluice/dag';

export const PLAN_FORMAT = 'sluice.flink-plan/v1';
export const PLAN_FILE_NAME = 'sluice_plan.json';
export const SCRIPT_FILE_NAME = 'sluice_job.py';

/** A part of an option value: literal text, or a reference to a start parameter. */
export type SubstitutionPart = string | { param: string };

export interface PlanSubstitution {
  /** The token in the DDL (without quotes), replaced by the quoted, resolved value. */
  token: string;
  /** The option key, for messages. */
  option: string;
  parts: SubstitutionPart[];
}

export interface PlanTable {
  node: string;
  name: string;
  kind: 'source' | 'sink';
  /** `CREATE TABLE` from `@sluice/dag`'s `createTableDdl`, with tokens in place of referencing options. */
  ddl: string;
  substitutions: PlanSubstitution[];
}

export interface PlanColumn {
  name: string;
  /** Normalised Flink SQL type (`DECIMAL(10, 2)`). */
  type: string;
  /** `parseFlinkType` tree, for the driver's value conversion and TypeInformation. */
  tree: FlinkType;
}

export type PlanStepInput =
  /** Rows of a query over source tables (several inputs with the same columns are one UNION ALL). */
  | { kind: 'query'; sql: string; tables: string[] }
  /** Records of an upstream record step. */
  | { kind: 'step'; step: string };

export type PlanStepOutput =
  /** A sink: records that carry all `columns` go to the temporary view `view`, which an INSERT reads. */
  | { kind: 'sink'; name: string; view: string; columns: PlanColumn[] }
  /** A downstream record step: gets every record. */
  | { kind: 'step'; name: string };

export interface PlanStep {
  node: string;
  name: string;
  code: string;
  inputs: PlanStepInput[];
  outputs: PlanStepOutput[];
}

export interface PlanFragment {
  node: string;
  name: string;
  /** 1-based lines of the fragment in the generated script (for error messages). */
  firstLine: number;
  lastLine: number;
}

export interface JobPlan {
  format: typeof PLAN_FORMAT;
  job: { name: string; version: number };
  /** Flink job name (`pipeline.name`), how the cluster lists the job. */
  pipelineName: string;
  /** Flink configuration the driver applies before building the job. */
  config: Record<string, string>;
  /** Declared parameters (names and secrecy only, never values). */
  parameters: { name: string; secret: boolean; required: boolean }[];
  tables: PlanTable[];
  /** Record steps in topological order. */
  steps: PlanStep[];
  /** INSERT statements, one per sink fed by sources or record steps; all run in one statement set. */
  inserts: string[];
  /** pyflink fragments in the order the script runs them (their code is in the script). */
  fragments: PlanFragment[];
  /**
   * Parameters an SREWorks template reads with argparse (`--name`): the driver appends them to
   * `sys.argv` inside the client from the parameters file, never as program arguments.
   */
  argvParameters: string[];
}
