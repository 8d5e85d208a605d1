import { jobSchema } from '@sluice/dag';
import { z } from 'zod';
import { runViewSchema } from '../runs/run.dto.js';

/** Request and response shapes of the jobs API (responses for the OpenAPI document only). */

export const jobListQuerySchema = z.strictObject({
  kind: z.enum(['scheduled', 'realtime']).optional(),
  search: z.string().max(128).optional().describe('part of the name'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const runNowSchema = z.strictObject({
  /** Values by parameter name; numbers and booleans may be given as text. */
  parameters: z.record(z.string(), z.unknown()).default({}),
  /** Run an older version instead of the current one. */
  version: z.int().positive().optional(),
});

export const putSecretsSchema = z.strictObject({
  /** New values by secret parameter name; `null` deletes the stored value. */
  values: z.record(z.string(), z.string().max(65_000).nullable()),
});

export const cronPreviewQuerySchema = z.strictObject({
  cron: z.string().min(1).max(256),
  timezone: z.string().max(64).default('UTC'),
  count: z.coerce.number().int().min(1).max(100).default(5),
  from: z.iso.datetime({ offset: true }).optional().describe('default: now'),
});

const secretStatusSchema = z.union([
  z.object({ set: z.literal(true), updatedAt: z.iso.datetime() }),
  z.object({ set: z.literal(false) }),
]);

const issueSchema = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string().optional(),
  severity: z.enum(['error', 'warning', 'info']).optional(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
});

export const jobViewSchema = z.object({
  id: z.int(),
  name: z.string(),
  kind: z.enum(['scheduled', 'realtime']),
  title: z.string(),
  environment: z.string(),
  version: z.int(),
  contentHash: z.string(),
  schedule: z
    .object({
      enabled: z.boolean(),
      cron: z.string(),
      timezone: z.string(),
      nextFireTimes: z.array(z.iso.datetime()),
    })
    .nullable(),
  secrets: z.record(z.string(), secretStatusSchema),
  lastRun: runViewSchema.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  job: jobSchema,
  warnings: z.array(issueSchema).optional(),
  versionCreated: z.boolean().optional().describe('PUT only: false when the content was unchanged'),
});

export const validationErrorSchema = z.object({
  statusCode: z.literal(400),
  error: z.string(),
  message: z.string(),
  issues: z.array(issueSchema),
});

export const versionListSchema = z.array(
  z.object({ version: z.int(), contentHash: z.string(), createdAt: z.iso.datetime() }),
);
