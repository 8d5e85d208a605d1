/**
 * The job model: zod schemas and the TypeScript types inferred from them. The schemas check shape
 * and types only; meaning (names, graph rules, connector options...) is checked by `validateDag`,
 * which can explain a problem better than a schema message can.
 *
 * Objects are strict: an unknown field is reported (usually a typo) instead of being dropped.
 */
import { z } from 'zod';

/** Version tag of the native document format. */
export const API_VERSION = 'sluice.dev/v1';
/** Document kind of a job in the native format. */
export const DOCUMENT_KIND = 'Job';

/** Size limits that keep validation fast and documents storable. */
export const LIMITS = {
  nodes: 10_000,
  edges: 20_000,
  columnsPerTable: 1_000,
  parameters: 200,
  codeChars: 1_000_000,
  nameChars: 128,
} as const;

export const positionSchema = z.strictObject({ x: z.number(), y: z.number() });

export const physicalColumnSchema = z.strictObject({
  /** May be omitted: a column without `kind` is a physical column. */
  kind: z.literal('physical').default('physical'),
  name: z.string(),
  /** Flink SQL data type, e.g. `BIGINT`, `ROW<a INT>`, `TIMESTAMP_LTZ(3)`. */
  type: z.string().trim(),
});

export const computedColumnSchema = z.strictObject({
  kind: z.literal('computed'),
  name: z.string(),
  /** A Flink SQL expression over other columns, e.g. `PROCTIME()` or `contents['content']`. */
  expression: z.string().trim(),
});

export const metadataColumnSchema = z.strictObject({
  kind: z.literal('metadata'),
  name: z.string(),
  type: z.string().trim(),
  /** Connector metadata key; defaults to the column name. */
  key: z.string().optional(),
  /** Read-only metadata must be VIRTUAL so that INSERT INTO skips it. */
  virtual: z.boolean().default(false),
});

/** A column; `kind` may be omitted for a plain physical column. */
export const columnSchema = z.discriminatedUnion(
  'kind',
  [physicalColumnSchema, computedColumnSchema, metadataColumnSchema],
  { error: 'must be physical, computed or metadata' },
);

export const watermarkSchema = z.strictObject({
  /** The event-time column (TIMESTAMP(p) or TIMESTAMP_LTZ(p), p <= 3). */
  column: z.string(),
  /** The watermark expression, e.g. `ts - INTERVAL '5' SECOND`. */
  expression: z.string().trim(),
});

export const tableConfigSchema = z.strictObject({
  /** Connector id from the catalog (`kafka`, `jdbc`, ...). */
  connector: z.string(),
  /** Connector and format options, exactly as Flink names them; values are text. */
  options: z.record(z.string(), z.string()).default({}),
  columns: z.array(columnSchema).max(LIMITS.columnsPerTable),
  watermark: watermarkSchema.optional(),
  primaryKey: z.array(z.string()).optional(),
});

export const pythonModeSchema = z.enum(['record', 'pyflink']);

export const pythonConfigSchema = z.strictObject({
  /** `record`: process(record, ctx) on both runtimes; `pyflink`: an SREWorks fragment (real-time only). */
  mode: pythonModeSchema.default('record'),
  code: z.string().max(LIMITS.codeChars),
});

const nodeIdSchema = z.string().min(1).max(128);
const nodeCommon = {
  id: nodeIdSchema,
  /** Flink table name for sources and sinks; step name for python nodes. */
  name: z.string(),
  position: positionSchema.prefault({ x: 0, y: 0 }),
};

export const sourceNodeSchema = z.strictObject({
  ...nodeCommon,
  kind: z.literal('source'),
  config: tableConfigSchema,
});
export const sinkNodeSchema = z.strictObject({
  ...nodeCommon,
  kind: z.literal('sink'),
  config: tableConfigSchema,
});
export const pythonNodeSchema = z.strictObject({
  ...nodeCommon,
  kind: z.literal('python'),
  config: pythonConfigSchema,
});

export const nodeSchema = z.discriminatedUnion('kind', [sourceNodeSchema, pythonNodeSchema, sinkNodeSchema], {
  error: 'must be source, python or sink',
});

export const edgeSchema = z
  .strictObject({
    /** Optional on input; defaults to `<source>-><target>`. */
    id: z.string().min(1).max(256).optional(),
    source: nodeIdSchema,
    target: nodeIdSchema,
  })
  .transform((e) => ({ id: e.id ?? `${e.source}->${e.target}`, source: e.source, target: e.target }));

export const parameterTypeSchema = z.enum(['string', 'integer', 'number', 'boolean']);

export const parameterSchema = z.strictObject({
  /** Referenced as `${name}` in option values; a Python identifier. */
  name: z.string(),
  type: parameterTypeSchema.default('string'),
  required: z.boolean().default(false),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  /** Secret values are supplied at start, stored encrypted and never written into scripts. */
  secret: z.boolean().default(false),
  description: z.string().max(2_000).default(''),
});

export const scheduleSettingsSchema = z.strictObject({
  /** Five-field cron (minute hour day-of-month month day-of-week) or an alias such as `@hourly`. */
  cron: z.string(),
  /** IANA time zone the cron is evaluated in. */
  timezone: z.string().default('UTC'),
  enabled: z.boolean().default(true),
  /** What a tick does while a run is still going: skip it, or queue a run after it. */
  overlap: z.enum(['skip', 'queue']).default('skip'),
  /** After downtime: run nothing, or one run for the latest missed tick. */
  catchUp: z.enum(['none', 'latest']).default('none'),
  retries: z
    .strictObject({
      attempts: z.int().min(0).max(100).default(0),
      backoff: z
        .strictObject({
          type: z.enum(['exponential', 'fixed']).default('exponential'),
          delayMs: z.int().min(0).max(86_400_000).default(10_000),
        })
        .prefault({}),
    })
    .prefault({}),
  timeoutMs: z
    .int()
    .min(1_000)
    .max(7 * 86_400_000)
    .default(3_600_000),
  /** Runs of this job that may execute at the same time. */
  concurrency: z.int().min(1).max(100).default(1),
});

const resourceSchema = z.strictObject({
  cpu: z.number().positive().optional(),
  /** Flink memory size, e.g. `4g`. */
  memory: z.string().optional(),
});

export const realtimeSettingsSchema = z.strictObject({
  parallelism: z.int().min(1).max(1_024).default(1),
  /** 0 disables checkpointing. */
  checkpointIntervalMs: z.int().min(0).max(86_400_000).default(60_000),
  restartPolicy: z
    .strictObject({
      type: z.enum(['none', 'fixed-delay', 'exponential-delay']).default('fixed-delay'),
      attempts: z.int().min(0).max(10_000).default(3),
      delayMs: z.int().min(0).max(3_600_000).default(10_000),
    })
    .prefault({}),
  /** Sluice-side restart of a job that failed for good (after Flink's own restart policy gave up). */
  autoRestart: z
    .strictObject({
      enabled: z.boolean().default(false),
      maxAttempts: z.int().min(1).max(100).default(3),
      initialDelayMs: z.int().min(0).max(3_600_000).default(10_000),
      maxDelayMs: z.int().min(0).max(86_400_000).default(300_000),
    })
    .prefault({}),
  /** Where a start resumes from. */
  restore: z.enum(['latest-savepoint', 'latest-checkpoint', 'none']).default('latest-savepoint'),
  savepointOnStop: z.boolean().default(true),
  /** Extra Flink configuration (`key: value`) for this job. */
  flinkConfig: z.record(z.string(), z.string()).default({}),
  /** JobManager/TaskManager sizing for per-job deployments (Kubernetes); ignored by a session cluster. */
  resources: z
    .strictObject({
      jobManager: resourceSchema.optional(),
      taskManager: resourceSchema.optional(),
      taskManagers: z.int().min(1).max(1_000).optional(),
    })
    .optional(),
  /** PyFlink template with `# SOURCE_BLOCK #`, `# SINK_BLOCK #`, `# EXEC_BLOCK #` markers (SREWorks packages). */
  pyflinkTemplate: z.string().max(LIMITS.codeChars).optional(),
});

export const graphSchema = z.strictObject({
  nodes: z.array(nodeSchema).max(LIMITS.nodes),
  edges: z.array(edgeSchema).max(LIMITS.edges),
});

const jobFields = {
  /** URL-safe slug, unique per installation. */
  name: z.string(),
  title: z.string().max(200).default(''),
  description: z.string().max(10_000).default(''),
  tags: z.array(z.string().min(1).max(64)).max(50).default([]),
  kind: z.enum(['scheduled', 'realtime']),
  /** Name of the environment (Python venv, Flink version, jars) the job runs in. */
  environment: z.string().min(1).max(128).default('default'),
  parameters: z.array(parameterSchema).max(LIMITS.parameters).default([]),
  graph: graphSchema,
  schedule: scheduleSettingsSchema.optional(),
  realtime: realtimeSettingsSchema.optional(),
};

/**
 * A job. A real-time job without `realtime` settings gets the defaults, so that a parsed job is
 * always complete for its kind.
 */
export const jobSchema = z
  .strictObject(jobFields)
  .transform((job) =>
    job.kind === 'realtime' && job.realtime === undefined
      ? { ...job, realtime: realtimeSettingsSchema.parse({}) }
      : job,
  );

/**
 * The job shape with nodes and edges left unparsed: `validateDag` checks the job's own fields with
 * it and then each node and edge on its own, so that one broken node does not hide the issues of
 * the others.
 */
export const jobShellSchema = z.strictObject({
  ...jobFields,
  graph: z.strictObject({
    nodes: z.array(z.unknown()).max(LIMITS.nodes),
    edges: z.array(z.unknown()).max(LIMITS.edges),
  }),
});

/** The native document: `{ apiVersion, kind: 'Job', job }`. */
export const jobDocumentSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal(DOCUMENT_KIND),
  job: jobSchema,
});

export type Position = z.infer<typeof positionSchema>;
export type PhysicalColumn = z.infer<typeof physicalColumnSchema>;
export type ComputedColumn = z.infer<typeof computedColumnSchema>;
export type MetadataColumn = z.infer<typeof metadataColumnSchema>;
export type Column = PhysicalColumn | ComputedColumn | MetadataColumn;
export type Watermark = z.infer<typeof watermarkSchema>;
export type TableConfig = z.infer<typeof tableConfigSchema>;
export type PythonMode = z.infer<typeof pythonModeSchema>;
export type PythonConfig = z.infer<typeof pythonConfigSchema>;
export type SourceNode = z.infer<typeof sourceNodeSchema>;
export type SinkNode = z.infer<typeof sinkNodeSchema>;
export type PythonNode = z.infer<typeof pythonNodeSchema>;
export type TableNode = SourceNode | SinkNode;
export type DagNode = z.infer<typeof nodeSchema>;
export type NodeKind = DagNode['kind'];
export type Edge = z.infer<typeof edgeSchema>;
export type ParameterType = z.infer<typeof parameterTypeSchema>;
export type Parameter = z.infer<typeof parameterSchema>;
export type ScheduleSettings = z.infer<typeof scheduleSettingsSchema>;
export type RealtimeSettings = z.infer<typeof realtimeSettingsSchema>;
export type Graph = z.infer<typeof graphSchema>;
export type Job = z.infer<typeof jobSchema>;
export type JobKind = Job['kind'];
export type JobDocument = z.infer<typeof jobDocumentSchema>;
/** What callers may pass in: defaults not yet applied, `kind` of a column optional. */
export type JobInput = z.input<typeof jobSchema>;

/** Every field name the schemas know; used to suggest a fix for an unknown field. */
export const KNOWN_FIELD_NAMES: readonly string[] = [
  ...new Set([
    'apiVersion',
    'kind',
    'job',
    'x',
    'y',
    'name',
    'type',
    'expression',
    'key',
    'virtual',
    'column',
    'connector',
    'options',
    'columns',
    'watermark',
    'primaryKey',
    'mode',
    'code',
    'id',
    'position',
    'config',
    'source',
    'target',
    'required',
    'default',
    'secret',
    'description',
    'cron',
    'timezone',
    'enabled',
    'overlap',
    'catchUp',
    'retries',
    'attempts',
    'backoff',
    'delayMs',
    'timeoutMs',
    'concurrency',
    'parallelism',
    'checkpointIntervalMs',
    'restartPolicy',
    'autoRestart',
    'maxAttempts',
    'initialDelayMs',
    'maxDelayMs',
    'restore',
    'savepointOnStop',
    'flinkConfig',
    'resources',
    'jobManager',
    'taskManager',
    'taskManagers',
    'cpu',
    'memory',
    'pyflinkTemplate',
    'nodes',
    'edges',
    'title',
    'tags',
    'environment',
    'parameters',
    'graph',
    'schedule',
    'realtime',
  ]),
];

/**
 * Every node kind, in canvas order (sources left, sinks right): for enums and membership checks
 * outside the schema. A test checks it names exactly the kinds of `nodeSchema`.
 *
 * @example
 * NODE_KINDS.includes(raw.kind as NodeKind); // is it a node kind at all?
 */
export const NODE_KINDS = ['source', 'python', 'sink'] as const satisfies readonly NodeKind[];
