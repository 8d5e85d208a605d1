import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { openApiSchema, parseRequest } from '../jobs/http/zod-http.js';
import { validationErrorSchema } from '../jobs/job.dto.js';
import {
  deploymentSummarySchema,
  historyQuerySchema,
  historyViewSchema,
  restartRequestSchema,
  savepointViewSchema,
  scriptQuerySchema,
  scriptViewSchema,
  startRequestSchema,
  statusViewSchema,
  stopViewSchema,
} from './realtime.dto.js';
import { RealtimeService } from './realtime.service.js';

const nameParam = { name: 'name', description: 'real-time job name (slug)', example: 'orders-enrich' };
const invalid = {
  description: 'Every problem with its path',
  schema: openApiSchema(validationErrorSchema, 'output'),
};
const conflict = {
  description:
    'The action does not fit the job now: not a realtime job, already running, not running, environment not built or its PyFlink does not match the cluster (the message names both versions)',
};
const unavailable = { description: 'The Flink cluster (or Redis) does not answer' };

/** Thin HTTP layer over RealtimeService: parse with the zod schemas, delegate. */
@ApiTags('realtime')
@Controller('v1/jobs/:name/realtime')
export class RealtimeController {
  constructor(private readonly realtime: RealtimeService) {}

  @Get()
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Status of the job on Flink',
    description:
      'Sluice state (kept true by the reconciler), Flink job id and state, Dashboard link, restarts, the last exception with its Python traceback, and, asked from Flink for this response, checkpoint status and records in/out per vertex and operator.',
  })
  @ApiOkResponse({ schema: openApiSchema(statusViewSchema, 'output') })
  status(@Param('name') name: string) {
    return this.realtime.status(name);
  }

  @Get('script')
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Preview the generated PyFlink script and Flink configuration',
    description: 'Deterministic for a version; holds no parameter values (secrets never).',
  })
  @ApiQuery({ name: 'version', required: false, type: Number, description: 'default: the current version' })
  @ApiOkResponse({ schema: openApiSchema(scriptViewSchema, 'output') })
  @ApiBadRequestResponse(invalid)
  script(@Param('name') name: string, @Query() query: unknown) {
    return this.realtime.script(name, parseRequest(scriptQuerySchema, query, 'query').version);
  }

  @Post('start')
  @HttpCode(202)
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Start the job on Flink',
    description:
      'Checks the version compiles, the parameters, the environment (built, PyFlink of the cluster’s Flink version) and the restore point, then queues the submission: the deployment is `starting` until Flink runs it. Secret parameter values are stored encrypted and never echoed.',
  })
  @ApiBody({ schema: openApiSchema(startRequestSchema) })
  @ApiAcceptedResponse({ schema: openApiSchema(statusViewSchema, 'output') })
  @ApiBadRequestResponse(invalid)
  @ApiConflictResponse(conflict)
  @ApiServiceUnavailableResponse(unavailable)
  start(@Param('name') name: string, @Body() body: unknown) {
    return this.realtime.start(name, parseRequest(startRequestSchema, body ?? {}));
  }

  @Post('stop')
  @HttpCode(200)
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Stop with a savepoint',
    description:
      'Waits for the savepoint (SLUICE_FLINK_STOP_TIMEOUT_MS) and returns its path; a later start with restore `latest` resumes from it. `savepointPath: null` with `stoppedWith: savepoint` means the savepoint is still being written: the state becomes `stopped` when it is. A job whose `realtime.savepointOnStop` is false is cancelled instead (`stoppedWith: cancel`, no savepoint; state survives in retained checkpoints).',
  })
  @ApiOkResponse({ schema: openApiSchema(stopViewSchema, 'output') })
  @ApiConflictResponse(conflict)
  @ApiServiceUnavailableResponse(unavailable)
  stop(@Param('name') name: string) {
    return this.realtime.stop(name);
  }

  @Post('cancel')
  @HttpCode(202)
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Cancel without a savepoint',
    description: 'State survives only in retained checkpoints. Also ends a scheduled automatic restart.',
  })
  @ApiAcceptedResponse({ schema: openApiSchema(statusViewSchema, 'output') })
  @ApiConflictResponse(conflict)
  @ApiServiceUnavailableResponse(unavailable)
  cancel(@Param('name') name: string) {
    return this.realtime.cancel(name);
  }

  @Post('restart')
  @HttpCode(202)
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Restart',
    description:
      'A running job is stopped with a savepoint and started again from it, with the same parameters; an ended one is started again from `restore` (default `latest`). Counts as a restart.',
  })
  @ApiBody({ schema: openApiSchema(restartRequestSchema) })
  @ApiAcceptedResponse({ schema: openApiSchema(statusViewSchema, 'output') })
  @ApiBadRequestResponse(invalid)
  @ApiConflictResponse(conflict)
  @ApiServiceUnavailableResponse(unavailable)
  restart(@Param('name') name: string, @Body() body: unknown) {
    return this.realtime.restart(name, parseRequest(restartRequestSchema, body ?? {}));
  }

  @Get('savepoints')
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Savepoints and retained checkpoints of the job, newest first',
    description: 'Any of these paths can be given as `restore` to start or restart.',
  })
  @ApiOkResponse({ schema: openApiSchema(savepointViewSchema, 'output') })
  savepoints(@Param('name') name: string) {
    return this.realtime.savepoints(name);
  }

  @Get('history')
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Deployment events, newest first (starts, state changes, lost, re-attached, restarts)',
  })
  @ApiQuery({
    name: 'before',
    required: false,
    type: Number,
    description: 'events older than this event id (paging)',
  })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiOkResponse({ schema: openApiSchema(historyViewSchema, 'output') })
  history(@Param('name') name: string, @Query() query: unknown) {
    return this.realtime.history(name, parseRequest(historyQuerySchema, query, 'query'));
  }
}

/** Across jobs: what the jobs list shows for real-time jobs. */
@ApiTags('realtime')
@Controller('v1/realtime')
export class RealtimeOverviewController {
  constructor(private readonly realtime: RealtimeService) {}

  @Get('deployments')
  @ApiOperation({
    summary: 'The newest deployment of every real-time job',
    description:
      'One row per real-time job that was ever started, with its Sluice state as the reconciler keeps it; read from the database only (no Flink calls), so it is cheap to poll. A job that was never started has no row.',
  })
  @ApiOkResponse({ schema: openApiSchema(deploymentSummarySchema, 'output') })
  deployments() {
    return this.realtime.deployments();
  }
}
