import { z } from 'zod';
import { ENVIRONMENT_STATUSES } from './environment.types.js';

/** Response shapes, for the OpenAPI document (the services build these objects). */
const at = z.iso.datetime().nullable();

export const environmentViewSchema = z.object({
  id: z.int(),
  name: z.string(),
  description: z.string(),
  requirements: z.string().describe('pip requirements file'),
  flinkVersion: z.string().nullable(),
  jars: z.array(z.string()),
  status: z.enum(ENVIRONMENT_STATUSES),
  stale: z.boolean().describe('requirements changed since the last successful build'),
  build: z.object({
    number: z.int(),
    progress: z.int().min(0).max(100),
    step: z.string().nullable(),
    error: z.string().nullable(),
    startedAt: at,
    finishedAt: at,
  }),
  pythonVersion: z.string().nullable(),
  pyflink: z
    .object({ version: z.string(), source: z.enum(['runtime', 'pip']) })
    .nullable()
    .describe('PyFlink for real-time jobs: linked from a runtime venv, or installed with pip'),
  usable: z.boolean().describe('jobs can run on it now'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const buildLogSchema = z.object({
  buildNumber: z.int(),
  lines: z.array(z.object({ seq: z.int(), at: z.iso.datetime(), stream: z.string(), message: z.string() })),
  nextAfter: z.int().describe('pass as `after` to read on'),
});

export const buildLogQuerySchema = z.strictObject({
  build: z.coerce.number().int().positive().optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5_000).default(1_000),
});
