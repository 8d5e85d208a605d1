/**
 * `validateDag`: every issue of a job, each with a path and a plain message. It never throws: the
 * API calls it on untrusted request bodies and the canvas on every edit.
 *
 * The job's own fields, each node and each edge are parsed separately, so that one broken node
 * does not hide the problems of the rest, and graph rules still run around it.
 */
import type { Runtime } from '../catalog/catalog.types.js';
import { analyzeFragment } from '../io/pyflink-fragments.js';
import {
  type DagNode,
  type Edge,
  edgeSchema,
  type Job,
  jobSchema,
  jobShellSchema,
  NODE_KINDS,
  nodeSchema,
  type Parameter,
  parameterSchema,
  type RealtimeSettings,
  realtimeSettingsSchema,
  type ScheduleSettings,
  scheduleSettingsSchema,
} from '../model/job.schema.js';
import { hasErrors, translateZodIssues, type ValidationIssue } from './issues.js';
import { checkGraph } from './rules/graph.rule.js';
import { checkJobFields } from './rules/job-fields.rule.js';
import { checkNames } from './rules/names.rule.js';
import { checkParameters } from './rules/parameters.rule.js';
import { checkPython } from './rules/python.rule.js';
import type { EdgeEntry, NodeEntry, RuleContext } from './rules/rule-context.js';
import { checkTable } from './rules/table.rule.js';

export interface ValidationResult {
  /** True when there is no error (warnings and infos allowed). */
  ok: boolean;
  issues: ValidationIssue[];
  /** The parsed job with defaults applied, when its shape is valid (even if rules found errors). */
  job?: Job;
}

const NODE_KIND_SET: ReadonlySet<string> = new Set(NODE_KINDS);
const PARSE = { reportInput: true } as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a job (the `job` of a native document) and returns every issue found.
 *
 * @example
 * const result = validateDag(exampleJobs.datagenDemo);
 * result.ok; // true
 * validateDag({ name: 'x' }).issues[0]?.message; // 'kind is missing: it must be one of ...'
 */
export function validateDag(input: unknown): ValidationResult {
  const issues: ValidationIssue[] = [];
  let job: Job | undefined;
  try {
    job = run(input, issues);
  } catch (e) {
    // A rule crashing is a bug in Sluice, not in the job: say so instead of failing the caller.
    issues.push({
      path: [],
      code: 'internal',
      message: `Sluice could not finish validating this job (${e instanceof Error ? e.message : String(e)}); please report this`,
      severity: 'error',
    });
  }
  const result: ValidationResult = { ok: !hasErrors(issues), issues };
  if (job !== undefined) result.job = job;
  return result;
}

function run(input: unknown, issues: ValidationIssue[]): Job | undefined {
  if (!isObject(input)) {
    issues.push({
      path: [],
      code: 'schema.invalid_type',
      message: `A job must be an object with name, kind and graph, not ${input === null ? 'null' : Array.isArray(input) ? 'a list' : typeof input}`,
      severity: 'error',
    });
    return undefined;
  }

  // Happy path: a job whose shape is valid parses in one call. Only when it is not are the job's
  // fields, nodes and edges parsed one by one, to report each problem and keep checking the rest.
  const whole = jobSchema.safeParse(input);
  const shell = whole.success ? undefined : jobShellSchema.safeParse(input, PARSE);
  if (shell !== undefined && !shell.success) issues.push(...translateZodIssues(shell.error.issues));

  const kind = input.kind === 'scheduled' || input.kind === 'realtime' ? input.kind : undefined;
  const runtime: Runtime | undefined =
    kind === 'scheduled' ? 'batch' : kind === 'realtime' ? 'streaming' : undefined;
  const graph = isObject(input.graph) ? input.graph : {};
  const rawNodes = Array.isArray(graph.nodes) ? graph.nodes : [];
  const rawEdges = Array.isArray(graph.edges) ? graph.edges : [];

  const nodes: NodeEntry[] = whole.success
    ? whole.data.graph.nodes.map((node, index) => ({
        index,
        id: node.id,
        kind: node.kind,
        name: node.name,
        node,
        path: ['graph', 'nodes', index],
      }))
    : rawNodes.map((raw, index) => parseNode(raw, index, issues));
  const nodesById = new Map<string, NodeEntry>();
  for (const n of nodes) if (n.id !== undefined && !nodesById.has(n.id)) nodesById.set(n.id, n);

  const edges: EdgeEntry[] = [];
  if (whole.success) {
    whole.data.graph.edges.forEach((edge, index) => {
      edges.push({ index, edge, path: ['graph', 'edges', index] });
    });
  } else
    rawEdges.forEach((raw, index) => {
      const path = ['graph', 'edges', index];
      const parsed = edgeSchema.safeParse(raw, PARSE);
      if (parsed.success) edges.push({ index, edge: parsed.data as Edge, path });
      else {
        const edgeId = isObject(raw) && typeof raw.id === 'string' ? raw.id : undefined;
        issues.push(...translateZodIssues(parsed.error.issues, path, edgeId === undefined ? {} : { edgeId }));
      }
    });

  const params = new Map<string, Parameter>();
  const rawParams = input.parameters;
  const paramsKnown = rawParams === undefined || Array.isArray(rawParams);
  if (Array.isArray(rawParams)) {
    for (const p of rawParams) {
      const parsed = parameterSchema.safeParse(p);
      if (parsed.success) params.set(parsed.data.name, parsed.data);
      else if (isObject(p) && typeof p.name === 'string') {
        // Still declared: a broken type or default should not turn every reference into an error.
        params.set(p.name, {
          name: p.name,
          type: 'string',
          required: false,
          secret: p.secret === true,
          description: '',
        });
      }
    }
  }

  const schedule = whole.success
    ? whole.data.schedule
    : parseQuietly<ScheduleSettings>(scheduleSettingsSchema, input.schedule);
  const realtime = whole.success
    ? whole.data.realtime
    : kind === 'realtime'
      ? parseQuietly<RealtimeSettings>(realtimeSettingsSchema, input.realtime ?? {})
      : undefined;

  const ctx: RuleContext = {
    raw: input,
    kind,
    runtime,
    nodes,
    nodesById,
    edges,
    params,
    paramsKnown,
    schedule,
    realtime,
    issues,
  };

  checkJobFields(ctx);
  checkParameters(ctx, rawParams);
  checkNames(ctx);
  checkGraph(ctx);

  const tables = new Map<string, 'source' | 'sink'>();
  const registered = new Set<string>();
  for (const n of nodes) {
    if ((n.kind === 'source' || n.kind === 'sink') && n.name !== undefined) tables.set(n.name, n.kind);
    if (n.node?.kind === 'python' && n.node.config.mode === 'pyflink') {
      for (const r of analyzeFragment(n.node.config.code).registers) registered.add(r);
    }
  }
  for (const entry of nodes) {
    const node = entry.node;
    if (node === undefined) continue;
    if (node.kind === 'python') checkPython(ctx, entry, node, tables, registered);
    else checkTable(ctx, entry, node);
  }

  if (whole.success) return whole.data;
  if (
    shell === undefined ||
    !shell.success ||
    nodes.some((n) => n.node === undefined) ||
    edges.length !== rawEdges.length
  ) {
    return undefined;
  }
  // Assemble from the parts already parsed instead of parsing the whole input a second time.
  const job: Job = {
    ...shell.data,
    graph: { nodes: nodes.map((n) => n.node!), edges: edges.map((e) => e.edge) },
  };
  if (job.kind === 'realtime' && job.realtime === undefined) job.realtime = realtimeSettingsSchema.parse({});
  return job;
}

function parseNode(raw: unknown, index: number, issues: ValidationIssue[]): NodeEntry {
  const path = ['graph', 'nodes', index];
  const id = isObject(raw) && typeof raw.id === 'string' && raw.id !== '' ? raw.id : undefined;
  const parsed = nodeSchema.safeParse(raw, PARSE);
  if (parsed.success) {
    const node = parsed.data as DagNode;
    return { index, id: node.id, kind: node.kind, name: node.name, node, path };
  }
  issues.push(...translateZodIssues(parsed.error.issues, path, id === undefined ? {} : { nodeId: id }));
  const kind =
    isObject(raw) && typeof raw.kind === 'string' && NODE_KIND_SET.has(raw.kind)
      ? (raw.kind as NodeEntry['kind'])
      : undefined;
  const name = isObject(raw) && typeof raw.name === 'string' ? raw.name : undefined;
  return { index, id, kind, name, node: undefined, path };
}

function parseQuietly<T>(
  schema: { safeParse(v: unknown): { success: boolean; data?: unknown } },
  value: unknown,
): T | undefined {
  if (value === undefined) return undefined;
  const r = schema.safeParse(value);
  return r.success ? (r.data as T) : undefined;
}
