import {
  type Column,
  createTableDdl,
  type DagNode,
  type FlinkType,
  formatPath,
  type Job,
  type PythonNode,
  parseFlinkType,
  realtimeSettingsSchema,
  scanParamRefs,
  type TableNode,
  topologicalOrder,
  validateDag,
} from '@sluice/dag';
import { realtimeFlinkConfig } from './flink-config.js';
import {
  type JobPlan,
  PLAN_FILE_NAME,
  PLAN_FORMAT,
  type PlanColumn,
  type PlanFragment,
  type PlanStep,
  type PlanStepInput,
  type PlanStepOutput,
  type PlanSubstitution,
  type PlanTable,
  SCRIPT_FILE_NAME,
  type SubstitutionPart,
} from './job-plan.types.js';
import {
  renderDefaultScript,
  renderTemplateScript,
  type ScriptFragment,
  TemplateError,
} from './python-script.js';
import { insertInto, selectColumns } from './sql-text.js';

/** A saved job version: the job document and its version number. */
export interface RealtimeJobVersion {
  /** The job (`@sluice/dag` Job, or input that `validateDag` accepts). */
  job: unknown;
  version: number;
}

export interface CompileRealtimeOptions {
  /** Flink configuration defaults below the job's own (e.g. from the environment). */
  baseConfig?: Readonly<Record<string, string>>;
}

export interface CompiledFile {
  /** File name, relative to the job's directory. */
  path: string;
  content: string;
}

export interface CompileIssue {
  /** Where in the job, e.g. `graph.nodes[2].config.columns[0].type`. */
  path: string;
  message: string;
  nodeId?: string;
}

/** The job cannot be compiled; `issues` lists every reason with its path. */
export class RealtimeCompileError extends Error {
  constructor(readonly issues: readonly CompileIssue[]) {
    super(`The job cannot run on Flink:\n${issues.map((i) => `- ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'RealtimeCompileError';
  }
}

export interface CompiledRealtimeJob {
  jobName: string;
  version: number;
  /** The generated PyFlink script (also in `files`). */
  script: string;
  /** The job plan (also in `files` as JSON). */
  plan: JobPlan;
  /** Flink configuration the job runs with (the plan's `config`). */
  config: Record<string, string>;
  /** Everything to write into the job's directory before `flink run`: script and plan. */
  files: CompiledFile[];
  /** The file `flink run -py` runs. */
  entryPoint: string;
  pipelineName: string;
  parallelism: number;
  /** Declared start parameters: names and secrecy only (values are supplied at submit time). */
  parameters: { name: string; secret: boolean; required: boolean }[];
  warnings: string[];
}

/** Node names Sluice uses for its own views; a user table with such a name could be shadowed. */
const RESERVED_PREFIX = '__sluice';
/** Types pyflink cannot carry out of a python operator (no TypeInformation for them). */
const NOT_FROM_PYTHON = new Set(['MULTISET', 'INTERVAL_YEAR_MONTH', 'INTERVAL_DAY_TIME', 'VARIANT']);

interface Ctx {
  issues: CompileIssue[];
  nodeIndex: Map<string, number>;
}

function nodePath(ctx: Ctx, node: DagNode, ...rest: (string | number)[]): string {
  return formatPath(['graph', 'nodes', ctx.nodeIndex.get(node.id) ?? -1, ...rest]);
}

function issue(ctx: Ctx, node: DagNode | undefined, path: string, message: string): void {
  ctx.issues.push({ path, message, ...(node ? { nodeId: node.id } : {}) });
}

function label(node: DagNode): string {
  return node.kind === 'python' ? `python step '${node.name}'` : `${node.kind} '${node.name}'`;
}

/** Splits an option value into literal text and `${param}` references; `$${` becomes a literal `${`. */
export function optionParts(value: string): SubstitutionPart[] {
  const parts: SubstitutionPart[] = [];
  let at = 0;
  for (const ref of scanParamRefs(value).refs) {
    if (ref.start > at) parts.push(value.slice(at, ref.start).replaceAll('$${', '${'));
    parts.push({ param: ref.name });
    at = ref.end;
  }
  if (at < value.length) parts.push(value.slice(at).replaceAll('$${', '${'));
  return parts;
}

function tablePlan(ctx: Ctx, node: TableNode): PlanTable | undefined {
  const options: Record<string, string> = {};
  const substitutions: PlanSubstitution[] = [];
  for (const key of Object.keys(node.config.options).sort()) {
    const value = node.config.options[key] as string;
    const parts = optionParts(value);
    if (parts.some((p) => typeof p !== 'string')) {
      // The token goes through createTableDdl as an ordinary value; the driver swaps the quoted
      // token for the quoted value at submit time. Tokens are per table, numbered in key order.
      const token = `__sluice_param_${substitutions.length}__`;
      options[key] = token;
      substitutions.push({ token, option: key, parts });
    } else {
      options[key] = parts.join('');
    }
  }
  let ddl: string;
  try {
    ddl = createTableDdl({ name: node.name, config: { ...node.config, options } });
  } catch (e) {
    issue(ctx, node, nodePath(ctx, node, 'config'), (e as Error).message);
    return undefined;
  }
  for (const s of substitutions) {
    if (ddl.split(`'${s.token}'`).length !== 2) {
      issue(
        ctx,
        node,
        nodePath(ctx, node, 'config', 'options'),
        `the text ${s.token} is reserved by Sluice and cannot appear in a table definition`,
      );
      return undefined;
    }
  }
  return { node: node.id, name: node.name, kind: node.kind, ddl, substitutions };
}

function columnTree(ctx: Ctx, node: TableNode, index: number, column: Column): FlinkType | undefined {
  if (column.kind === 'computed') return undefined;
  const parsed = parseFlinkType(column.type);
  if (!parsed.ok) {
    issue(ctx, node, nodePath(ctx, node, 'config', 'columns', index, 'type'), parsed.error.message);
    return undefined;
  }
  return parsed.type;
}

/** Columns an INSERT can write: physical and non-virtual metadata (computed ones are derived). */
function writableColumns(ctx: Ctx, node: TableNode): PlanColumn[] {
  const out: PlanColumn[] = [];
  node.config.columns.forEach((column, index) => {
    if (column.kind === 'computed' || (column.kind === 'metadata' && column.virtual)) return;
    const tree = columnTree(ctx, node, index, column);
    if (tree) {
      const parsed = parseFlinkType(column.type);
      out.push({ name: column.name, type: parsed.ok ? parsed.normalized : column.type, tree });
    }
  });
  return out;
}

/** A signature of a source's readable columns; equal signatures can share one UNION ALL query. */
function columnSignature(node: TableNode): string | undefined {
  const sig: string[] = [];
  for (const c of node.config.columns) {
    if (c.kind === 'computed') return undefined; // no declared type to compare
    const parsed = parseFlinkType(c.type);
    sig.push(`${c.name}\u0000${parsed.ok ? parsed.normalized : c.type}`);
  }
  return sig.join('\u0001');
}

/**
 * Compiles a real-time job version into a PyFlink job: the script, the plan the driver runs, and
 * the Flink configuration. Deterministic: the same version always gives byte-identical files.
 * Holds no parameter values (they reach the job at submit time), so the result is safe to show
 * as a preview. Throws {@link RealtimeCompileError} listing every problem with its path.
 *
 * Python `record` steps: input records are dicts with the columns of their upstream sources (or
 * whatever an upstream record step emitted); each output record goes to every downstream sink
 * whose writable columns are all keys of the record (extra keys ignored) and to every downstream
 * record step; a record that fits no target fails the job. `pyflink` steps are fragments spliced
 * into the script; they read tables by name and their `execute_insert` calls join the job's one
 * statement set.
 *
 * @example
 * const compiled = compileRealtimeJob({ job, version: 3 });
 * compiled.files.map((f) => f.path); // ['sluice_job.py', 'sluice_plan.json']
 * compiled.config['execution.checkpointing.interval']; // '60000 ms'
 */
export function compileRealtimeJob(
  jobVersion: RealtimeJobVersion,
  options: CompileRealtimeOptions = {},
): CompiledRealtimeJob {
  const validation = validateDag(jobVersion.job);
  const errors = validation.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 || validation.job === undefined) {
    throw new RealtimeCompileError(
      errors.map((i) => ({
        path: formatPath(i.path),
        message: i.message,
        ...(i.nodeId ? { nodeId: i.nodeId } : {}),
      })),
    );
  }
  const job: Job = validation.job;
  const version = jobVersion.version;
  const ctx: Ctx = { issues: [], nodeIndex: new Map(job.graph.nodes.map((n, i) => [n.id, i])) };
  if (job.kind !== 'realtime') {
    throw new RealtimeCompileError([
      { path: 'kind', message: `job '${job.name}' is a ${job.kind} job; only real-time jobs run on Flink` },
    ]);
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new RealtimeCompileError([
      { path: '(version)', message: `version must be a positive integer, got ${version}` },
    ]);
  }
  const settings = job.realtime ?? realtimeSettingsSchema.parse({});
  const warnings = validation.issues
    .filter((i) => i.severity === 'warning')
    .map((i) => `${formatPath(i.path)}: ${i.message}`);

  const byId = new Map(job.graph.nodes.map((n) => [n.id, n]));
  const order = topologicalOrder(job.graph);
  const rank = new Map(order.map((id, i) => [id, i]));
  const byRank = (a: string, b: string) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
  const upstream = new Map<string, string[]>();
  const downstream = new Map<string, string[]>();
  for (const e of job.graph.edges) {
    if (!upstream.get(e.target)?.includes(e.source))
      upstream.set(e.target, [...(upstream.get(e.target) ?? []), e.source]);
    if (!downstream.get(e.source)?.includes(e.target))
      downstream.set(e.source, [...(downstream.get(e.source) ?? []), e.target]);
  }
  for (const list of [...upstream.values(), ...downstream.values()]) list.sort(byRank);
  const nodesInOrder = order.map((id) => byId.get(id) as DagNode);

  for (const node of nodesInOrder) {
    if (node.name.startsWith(RESERVED_PREFIX)) {
      issue(
        ctx,
        node,
        nodePath(ctx, node, 'name'),
        `names starting with ${RESERVED_PREFIX} are reserved for Sluice's own views`,
      );
    }
  }

  // Tables.
  const tables: PlanTable[] = [];
  const sinkColumns = new Map<string, PlanColumn[]>();
  for (const node of nodesInOrder) {
    if (node.kind === 'python') continue;
    const plan = tablePlan(ctx, node);
    if (plan) tables.push(plan);
    if (node.kind === 'sink') sinkColumns.set(node.id, writableColumns(ctx, node));
  }

  // Record steps.
  const steps: PlanStep[] = [];
  const fragments: ScriptFragment[] = [];
  const viewsBySink = new Map<string, string[]>();
  const recordSteps = nodesInOrder.filter(
    (n): n is PythonNode => n.kind === 'python' && n.config.mode === 'record',
  );
  recordSteps.forEach((node, stepIndex) => {
    const inputs: PlanStepInput[] = [];
    const groups = new Map<string, { tables: TableNode[] }>();
    for (const upId of upstream.get(node.id) ?? []) {
      const up = byId.get(upId) as DagNode;
      if (up.kind === 'source') {
        const key = columnSignature(up) ?? `\u0002${up.id}`;
        const group = groups.get(key) ?? { tables: [] };
        group.tables.push(up);
        groups.set(key, group);
      } else if (up.kind === 'python' && up.config.mode === 'record') {
        inputs.push({ kind: 'step', step: up.name });
      } else if (up.kind === 'python') {
        issue(
          ctx,
          node,
          nodePath(ctx, node),
          `${label(node)} reads from pyflink step '${up.name}'; a pyflink step writes to tables by name, so connect it to a sink (or make both steps record steps)`,
        );
      }
    }
    const queries: PlanStepInput[] = [...groups.values()].map(({ tables: members }) => {
      const names = (members[0] as TableNode).config.columns.map((c) => c.name);
      return {
        kind: 'query',
        sql: members.map((t) => selectColumns(t.name, names)).join('\nUNION ALL\n'),
        tables: members.map((t) => t.name),
      };
    });
    const outputs: PlanStepOutput[] = [];
    for (const downId of downstream.get(node.id) ?? []) {
      const down = byId.get(downId) as DagNode;
      if (down.kind === 'sink') {
        const columns = sinkColumns.get(down.id) ?? [];
        for (const c of columns) {
          if (NOT_FROM_PYTHON.has(c.tree.kind)) {
            const index = down.config.columns.findIndex((dc) => dc.name === c.name);
            issue(
              ctx,
              down,
              nodePath(ctx, down, 'config', 'columns', index, 'type'),
              `${label(down)} column \`${c.name}\` has type ${c.type}, which a python step cannot produce (use a pyflink step, or another type)`,
            );
          }
        }
        const view = `${RESERVED_PREFIX}_view_${stepIndex}_${outputs.length}`;
        outputs.push({ kind: 'sink', name: down.name, view, columns });
        viewsBySink.set(down.id, [...(viewsBySink.get(down.id) ?? []), view]);
      } else if (down.kind === 'python' && down.config.mode === 'record') {
        outputs.push({ kind: 'step', name: down.name });
      } else if (down.kind === 'python') {
        issue(
          ctx,
          node,
          nodePath(ctx, node),
          `${label(node)} feeds pyflink step '${down.name}'; a pyflink step reads tables by name, and a record step's output has no table name. Write the records to a sink first, or make both steps record steps`,
        );
      }
    }
    steps.push({
      node: node.id,
      name: node.name,
      code: node.config.code,
      inputs: [...queries, ...inputs],
      outputs,
    });
  });
  for (const node of nodesInOrder) {
    if (node.kind === 'python' && node.config.mode === 'pyflink') {
      fragments.push({ node: node.id, name: node.name, code: node.config.code });
    }
  }

  // INSERTs: one per sink that sources or record steps feed (pyflink fragments insert on their own).
  const inserts: string[] = [];
  for (const node of nodesInOrder) {
    if (node.kind !== 'sink') continue;
    const columns = sinkColumns.get(node.id) ?? [];
    const from: string[] = [];
    for (const upId of upstream.get(node.id) ?? []) {
      const up = byId.get(upId) as DagNode;
      if (up.kind !== 'source') continue;
      const available = new Set(up.config.columns.map((c) => c.name));
      const missing = columns.filter((c) => !available.has(c.name)).map((c) => `\`${c.name}\``);
      if (missing.length > 0) {
        issue(
          ctx,
          node,
          nodePath(ctx, node),
          `${label(node)} is fed directly by ${label(up)}, which has no column ${missing.join(', ')}; add a python step to map the columns, or rename them`,
        );
        continue;
      }
      from.push(up.name);
    }
    from.push(...(viewsBySink.get(node.id) ?? []));
    if (from.length === 0) continue;
    if (columns.length === 0) {
      issue(
        ctx,
        node,
        nodePath(ctx, node, 'config', 'columns'),
        `${label(node)} has no column an INSERT can write`,
      );
      continue;
    }
    inserts.push(insertInto(node.name, columns, from));
  }

  const { config, problems } = realtimeFlinkConfig({
    jobName: job.name,
    version,
    settings,
    ...(options.baseConfig ? { base: options.baseConfig } : {}),
  });
  for (const p of problems) ctx.issues.push({ path: 'realtime.flinkConfig', message: p });
  if (settings.checkpointIntervalMs === 0) {
    warnings.push(
      'realtime.checkpointIntervalMs is 0: checkpointing is off, so a restart loses progress and sinks may see records twice',
    );
  }

  const template =
    settings.pyflinkTemplate !== undefined && settings.pyflinkTemplate.trim() !== ''
      ? settings.pyflinkTemplate
      : undefined;
  // Parameters an SREWorks template declares for argparse (`'--db_host'`).
  const argvParameters =
    template === undefined
      ? []
      : job.parameters.map((p) => p.name).filter((n) => new RegExp(`['"]--${n}['"=]`).test(template));
  let rendered: ReturnType<typeof renderDefaultScript> | undefined;
  try {
    rendered =
      template !== undefined
        ? renderTemplateScript(template, job.name, version, fragments, argvParameters.length > 0)
        : renderDefaultScript(job.name, version, fragments);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    ctx.issues.push({ path: 'realtime.pyflinkTemplate', message: e.message });
  }
  if (ctx.issues.length > 0 || rendered === undefined) throw new RealtimeCompileError(ctx.issues);

  const planFragments: PlanFragment[] = fragments.map((f, i) => ({
    node: f.node,
    name: f.name,
    firstLine: rendered.fragmentLines[i]?.firstLine ?? 0,
    lastLine: rendered.fragmentLines[i]?.lastLine ?? 0,
  }));
  const parameters = job.parameters.map((p) => ({ name: p.name, secret: p.secret, required: p.required }));
  const plan: JobPlan = {
    format: PLAN_FORMAT,
    job: { name: job.name, version },
    pipelineName: config['pipeline.name'] as string,
    config,
    parameters,
    tables,
    steps,
    inserts,
    fragments: planFragments,
    argvParameters,
  };
  const planJson = `${JSON.stringify(plan, null, 2)}\n`;
  return {
    jobName: job.name,
    version,
    script: rendered.script,
    plan,
    config,
    files: [
      { path: SCRIPT_FILE_NAME, content: rendered.script },
      { path: PLAN_FILE_NAME, content: planJson },
    ],
    entryPoint: SCRIPT_FILE_NAME,
    pipelineName: plan.pipelineName,
    parallelism: settings.parallelism,
    parameters,
    warnings,
  };
}
