import { z } from 'zod';
import { REALTIME_STATES } from './realtime-state.js';

/** Request and response shapes of `/api/v1/jobs/:name/realtime` (responses for the OpenAPI document). */

const restoreSchema = z
  .string()
  .min(1)
  .max(2_048)
  .describe(
    '`latest` (the newest savepoint or retained checkpoint), `latest-savepoint`, `latest-checkpoint`, `none`, ' +
      'or the path of one savepoint/checkpoint from GET .../realtime/savepoints. Default: the job’s realtime.restore.',
  );

export const startRequestSchema = z.strictObject({
  /** Values by parameter name (secret ones are stored encrypted and shown as ***). */
  parameters: z.record(z.string(), z.unknown()).default({}),
  /** Start an older version instead of the current one. */
  version: z.int().positive().optional(),
  restore: restoreSchema.optional(),
  /** Resume even if the savepoint holds state of operators the version no longer has (`flink run -n`). */
  allowNonRestoredState: z.boolean().default(false),
});

export const restartRequestSchema = z.strictObject({
  /** Default: the version the deployment ran. */
  version: z.int().positive().optional(),
  /** Default: the savepoint the restart takes (running job), else `latest`. */
  restore: restoreSchema.optional(),
  allowNonRestoredState: z.boolean().default(false),
});

export const scriptQuerySchema = z.strictObject({
  version: z.coerce.number().int().positive().optional().describe('default: the current version'),
});

export const historyQuerySchema = z.strictObject({
  before: z.coerce.number().int().positive().optional().describe('events with a smaller id (paging)'),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});

export type StartRequest = z.infer<typeof startRequestSchema>;
export type RestartRequest = z.infer<typeof restartRequestSchema>;

const at = z.iso.datetime().nullable();

export const deploymentViewSchema = z.object({
  id: z.int(),
  version: z.int(),
  environment: z.string(),
  pipelineName: z.string().describe('the name Flink lists the job under: sluice/<job>/v<version>'),
  state: z.enum(REALTIME_STATES),
  desiredState: z.enum(['running', 'stopped', 'cancelled']),
  flinkJobId: z.string().nullable(),
  flinkState: z.string().nullable(),
  dashboardUrl: z.string().nullable().describe('the job’s page in the Flink Dashboard'),
  createdAt: z.iso.datetime(),
  startedAt: at.describe('when the current Flink job was submitted'),
  runningSince: at,
  endedAt: at,
  restarts: z.int().describe('restarts of this deployment (automatic and manual)'),
  autoRestart: z.object({
    enabled: z.boolean(),
    maxAttempts: z.int(),
    initialDelayMs: z.int(),
    maxDelayMs: z.int(),
    attempts: z.int().describe('consecutive automatic restarts (reset after 10 min running)'),
    nextRestartAt: at,
  }),
  parameters: z.record(z.string(), z.unknown()).describe('start values; secret ones are ***'),
  restoredFrom: z.string().nullable(),
  savepointPath: z.string().nullable().describe('the savepoint of the last stop'),
  lastError: z.object({ message: z.string(), pythonTraceback: z.string().nullable(), at }).nullable(),
  lostSince: at,
  observedAt: at.describe('when the reconciler last saw the job on the cluster'),
  observedBy: z.string().nullable().describe('the API process that reconciles (the leader)'),
});

const operatorSchema = z.object({ name: z.string(), recordsIn: z.number(), recordsOut: z.number() });

export const statusViewSchema = z.object({
  job: z.string(),
  currentVersion: z.int(),
  deployment: deploymentViewSchema.nullable(),
  live: z
    .object({
      reachable: z.boolean(),
      error: z.string().optional(),
      flinkState: z.string().optional(),
      startTime: z.iso.datetime().optional(),
      vertices: z
        .array(
          z.object({
            id: z.string(),
            name: z.string(),
            parallelism: z.int(),
            status: z.string(),
            recordsIn: z.number(),
            recordsOut: z.number(),
            operators: z.array(operatorSchema),
          }),
        )
        .optional(),
      checkpoints: z
        .object({
          counts: z.object({
            restored: z.int(),
            total: z.int(),
            inProgress: z.int(),
            completed: z.int(),
            failed: z.int(),
          }),
          latestCompleted: z
            .object({ id: z.int(), path: z.string().nullable(), at: z.iso.datetime() })
            .nullable(),
          latestSavepoint: z
            .object({ id: z.int(), path: z.string().nullable(), at: z.iso.datetime() })
            .nullable(),
          latestRestored: z
            .object({ id: z.int(), path: z.string().nullable(), at: z.iso.datetime() })
            .nullable(),
          latestFailure: z.object({ at: z.iso.datetime(), message: z.string().nullable() }).nullable(),
        })
        .optional(),
      exception: z
        .object({ summary: z.string().nullable(), pythonTraceback: z.string().nullable(), at: at })
        .nullable()
        .optional(),
    })
    .nullable()
    .describe('asked from Flink for this response; null when the deployment has no Flink job'),
});

export const scriptViewSchema = z.object({
  job: z.string(),
  version: z.int(),
  pipelineName: z.string(),
  script: z.string().describe('the generated PyFlink script (sluice_job.py)'),
  config: z.record(z.string(), z.string()).describe('the Flink configuration the job runs with'),
  plan: z
    .record(z.string(), z.unknown())
    .describe('sluice_plan.json: tables, steps, inserts (no parameter values)'),
  parameters: z.array(z.object({ name: z.string(), secret: z.boolean(), required: z.boolean() })),
  warnings: z.array(z.string()),
});

export const savepointViewSchema = z.array(
  z.object({
    path: z.string(),
    kind: z.enum(['savepoint', 'checkpoint']),
    jobVersion: z.int(),
    createdAt: z.iso.datetime(),
    flinkJobId: z.string().nullable(),
    deploymentId: z.int().nullable(),
    available: z.boolean().describe('the files are still there (checked for local file: paths)'),
  }),
);

export const historyViewSchema = z.array(
  z.object({
    id: z.int(),
    deploymentId: z.int(),
    at: z.iso.datetime(),
    type: z
      .string()
      .describe(
        'start-requested, submitting, submitted, submit-failed, state, lost, re-attached, stop-requested, stopped, stop-failed, cancel-requested, restart-scheduled, restarting, restart-limit, restart-requested, superseded',
      ),
    fromState: z.string().nullable(),
    toState: z.string().nullable(),
    flinkJobId: z.string().nullable(),
    message: z.string(),
  }),
);

export const stopViewSchema = z.object({
  /** Null when the savepoint is still being written, or when the job stops without one. */
  savepointPath: z.string().nullable(),
  /** `cancel` when the job's `realtime.savepointOnStop` is false. */
  stoppedWith: z.enum(['savepoint', 'cancel']),
  status: statusViewSchema,
});

/** One row per real-time job that was ever started: its newest deployment, without Flink calls. */
export const deploymentSummarySchema = z.array(
  z.object({
    job: z.string(),
    deploymentId: z.int(),
    version: z.int(),
    state: z.string(),
    flinkState: z.string().nullable(),
    dashboardUrl: z.string().nullable(),
    runningSince: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
    lastError: z.string().nullable(),
  }),
);
