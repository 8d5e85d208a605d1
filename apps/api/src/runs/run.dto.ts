import { LOG_LEVELS, LOG_STREAMS, NODE_KINDS, NODE_RUN_STATUSES } from '@sluice/api-contract';
import { z } from 'zod';
import { RUN_STATUSES, RUN_TRIGGERS } from './run-status.js';

/** Response shapes for the OpenAPI document; RunsService builds these objects. */
const at = z.iso.datetime().nullable();

export const nodeRunViewSchema = z.object({
  nodeId: z.string(),
  name: z.string(),
  kind: z.enum(NODE_KINDS),
  status: z.enum(NODE_RUN_STATUSES),
  recordsIn: z.int(),
  recordsOut: z.int().describe('for sinks: records written'),
  batchesIn: z.int(),
  batchesOut: z.int(),
  busyMs: z.int(),
  startedAt: at,
  finishedAt: at,
  durationMs: z.int().nullable(),
});

export const runViewSchema = z.object({
  id: z.int(),
  jobId: z.int(),
  jobName: z.string().nullable(),
  version: z.int(),
  trigger: z.enum(RUN_TRIGGERS),
  scheduledFor: at.describe('the cron tick (schedule, catch-up and their retries)'),
  attempt: z.int(),
  retryOf: z.int().nullable().describe('first run of the retry chain'),
  status: z.enum(RUN_STATUSES),
  seedStatus: z
    .string()
    .describe('SREWorks vocabulary: INIT, RUNNING, SUCCESS, EXCEPTION, TIMEOUT, CANCELLED, STOPPED'),
  params: z.record(z.string(), z.unknown()).describe('secret values shown as ***'),
  error: z.string().nullable(),
  errorNode: z.string().nullable(),
  cancelRequested: z.boolean(),
  worker: z.string().nullable(),
  createdAt: z.iso.datetime(),
  startedAt: at,
  finishedAt: at,
  waitMs: z.int().nullable(),
  durationMs: z.int().nullable(),
  logLines: z.int(),
  logDropped: z.int(),
  nodes: z.array(nodeRunViewSchema).optional(),
});

export const runLogLineSchema = z.object({
  seq: z.int(),
  at: z.iso.datetime(),
  level: z.enum(LOG_LEVELS),
  stream: z.enum(LOG_STREAMS),
  node: z.string().nullable(),
  message: z.string(),
  traceback: z.string().nullable(),
});

export const runLogPageSchema = z.object({
  lines: z.array(runLogLineSchema),
  nextAfter: z.int(),
});

export const runListQuerySchema = z.strictObject({
  job: z.string().optional().describe('job name'),
  status: z.enum(RUN_STATUSES).optional(),
  before: z.coerce.number().int().positive().optional().describe('runs older than this run id (paging)'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const runLogQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5_000).default(1_000),
});
