import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { JobList } from '@sluice/api-contract';
import { jobDocumentSchema, jobSchema } from '@sluice/dag';
import { z } from 'zod';
import { intParam } from '../http/int-param.js';
import { runListQuerySchema, runViewSchema } from '../runs/run.dto.js';
import { RUN_STATUSES } from '../runs/run-status.js';
import { RunsService, type RunView } from '../runs/runs.service.js';
import { openApiSchema, parseRequest } from './http/zod-http.js';
import {
  jobListQuerySchema,
  jobViewSchema,
  putSecretsSchema,
  runNowSchema,
  validationErrorSchema,
  versionListSchema,
} from './job.dto.js';
import { JobsService, type JobView } from './jobs.service.js';

const nameParam = { name: 'name', description: 'job name (slug)', example: 'orders-hourly' };
const jobBody = {
  description: 'A job, or the native document `{apiVersion: "sluice.dev/v1", kind: "Job", job}`',
  schema: { oneOf: [openApiSchema(jobSchema), openApiSchema(jobDocumentSchema)] },
};
const invalid = {
  description: 'Every validation issue with its path',
  schema: openApiSchema(validationErrorSchema, 'output'),
};

@ApiTags('jobs')
@Controller('v1/jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly runs: RunsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List jobs with their last run' })
  @ApiQuery({ name: 'kind', required: false, enum: ['scheduled', 'realtime'] })
  @ApiQuery({ name: 'search', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({
    schema: openApiSchema(z.object({ items: z.array(jobViewSchema), total: z.int() }), 'output'),
  })
  list(@Query() query: unknown): Promise<JobList<Date>> {
    return this.jobs.list(parseRequest(jobListQuerySchema, query, 'query'));
  }

  @Post()
  @ApiOperation({
    summary: 'Create a job (version 1)',
    description:
      'Validated with @sluice/dag: 400 lists every issue; 409 when the name is taken. Scheduled jobs with `schedule.enabled` start firing.',
  })
  @ApiBody(jobBody)
  @ApiCreatedResponse({ schema: openApiSchema(jobViewSchema, 'output') })
  @ApiBadRequestResponse(invalid)
  create(@Body() body: unknown): Promise<JobView> {
    return this.jobs.create(body);
  }

  @Get(':name')
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'One job: current version, schedule with next fire times, secret status, last run',
  })
  @ApiOkResponse({ schema: openApiSchema(jobViewSchema, 'output') })
  async get(@Param('name') name: string): Promise<JobView> {
    return this.jobs.view(await this.jobs.get(name));
  }

  @Put(':name')
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Save a new version',
    description:
      'Versions are immutable; saving unchanged content creates none (`versionCreated: false`). Runs record the version they ran.',
  })
  @ApiBody(jobBody)
  @ApiOkResponse({ schema: openApiSchema(jobViewSchema, 'output') })
  @ApiBadRequestResponse(invalid)
  update(@Param('name') name: string, @Body() body: unknown) {
    return this.jobs.update(name, body);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Delete a job',
    description:
      'Removes its schedule, cancels waiting and running runs, and deletes versions, runs, logs and secrets.',
  })
  async remove(@Param('name') name: string): Promise<void> {
    await this.jobs.delete(name);
  }

  @Get(':name/versions')
  @ApiParam(nameParam)
  @ApiOperation({ summary: 'Versions, newest first' })
  @ApiOkResponse({ schema: openApiSchema(versionListSchema, 'output') })
  versions(@Param('name') name: string) {
    return this.jobs.versions(name);
  }

  @Get(':name/versions/:version')
  @ApiParam(nameParam)
  @ApiOperation({ summary: 'One version with its document' })
  version(@Param('name') name: string, @Param('version', intParam('version')) version: number) {
    return this.jobs.version(name, version);
  }

  @Get(':name/versions/:from/diff/:to')
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Structural diff between two versions',
    description: 'Nodes and edges added/removed, and every changed field with its path.',
  })
  diff(
    @Param('name') name: string,
    @Param('from', intParam('from version')) from: number,
    @Param('to', intParam('to version')) to: number,
  ) {
    return this.jobs.diff(name, from, to);
  }

  @Post(':name/enable')
  @HttpCode(200)
  @ApiParam(nameParam)
  @ApiOperation({ summary: 'Enable the schedule (no new version)' })
  @ApiOkResponse({ schema: openApiSchema(jobViewSchema, 'output') })
  enable(@Param('name') name: string): Promise<JobView> {
    return this.jobs.setEnabled(name, true);
  }

  @Post(':name/disable')
  @HttpCode(200)
  @ApiParam(nameParam)
  @ApiOperation({ summary: 'Disable the schedule (no new version); runs in progress continue' })
  @ApiOkResponse({ schema: openApiSchema(jobViewSchema, 'output') })
  disable(@Param('name') name: string): Promise<JobView> {
    return this.jobs.setEnabled(name, false);
  }

  @Get(':name/secrets')
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Which secret parameters have a stored value',
    description: 'Values are never returned.',
  })
  secrets(@Param('name') name: string) {
    return this.jobs.secretStatus(name);
  }

  @Put(':name/secrets')
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Store secret parameter values for scheduled runs',
    description:
      'Encrypted at rest (AES-256-GCM, SLUICE_SECRET_KEY). `null` deletes a value. The answer says only which are set.',
  })
  @ApiBody({ schema: openApiSchema(putSecretsSchema) })
  putSecrets(@Param('name') name: string, @Body() body: unknown) {
    return this.jobs.putSecrets(name, parseRequest(putSecretsSchema, body).values);
  }

  @Post(':name/runs')
  @HttpCode(202)
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Run now',
    description:
      'Queues a manual run with parameter values (secret ones are stored encrypted, shown as ***). 409 when the job’s environment is not usable.',
  })
  @ApiBody({ schema: openApiSchema(runNowSchema) })
  @ApiAcceptedResponse({ schema: openApiSchema(runViewSchema, 'output') })
  @ApiBadRequestResponse(invalid)
  runNow(@Param('name') name: string, @Body() body: unknown): Promise<RunView> {
    return this.jobs.runNow(name, parseRequest(runNowSchema, body ?? {}));
  }

  @Get(':name/runs')
  @ApiParam(nameParam)
  @ApiOperation({ summary: 'Runs of this job, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: [...RUN_STATUSES] })
  @ApiQuery({
    name: 'before',
    required: false,
    type: Number,
    description: 'runs older than this run id (paging)',
  })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1 to 500, default 50' })
  @ApiOkResponse({ schema: { type: 'array', items: openApiSchema(runViewSchema, 'output') } })
  async jobRuns(@Param('name') name: string, @Query() query: unknown): Promise<RunView[]> {
    const q = parseRequest(runListQuerySchema.omit({ job: true }), query, 'query');
    const job = await this.jobs.get(name);
    return this.runs.list({ jobId: job.id, status: q.status, beforeId: q.before, limit: q.limit });
  }
}
