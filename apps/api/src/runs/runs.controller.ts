import {
  Controller,
  Get,
  Headers,
  HttpCode,
  type MessageEvent,
  NotFoundException,
  Param,
  Post,
  Query,
  Sse,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { LogLine, LogPage } from '@sluice/api-contract';
import type { Observable } from 'rxjs';
import type { RunLogRow } from '../db/index.js';
import { intParam } from '../http/int-param.js';
import { openApiSchema, parseRequest } from '../jobs/http/zod-http.js';
import { LiveChannels } from '../scheduler/live-channels.js';
import { liveLogStream, resumeAfter } from '../scheduler/live-log-stream.js';
import { runListQuerySchema, runLogPageSchema, runLogQuerySchema, runViewSchema } from './run.dto.js';
import { type RunLiveMessage, runLogChannel } from './run-log.writer.js';
import { isTerminal } from './run-status.js';
import { RunsRepository } from './runs.repository.js';
import { RunsService, type RunView } from './runs.service.js';

const idParam = { name: 'id', description: 'run id', example: 42 };

export function logLineView(
  l:
    | RunLogRow
    | (Omit<RunLogRow, 'at' | 'run_id' | 'node' | 'traceback'> & {
        at: Date | string;
        node?: string | null;
        traceback?: string | null;
      }),
): LogLine<Date | string> {
  return {
    seq: l.seq,
    at: l.at,
    // VARCHAR columns that only the run log writer fills, with these values.
    level: l.level as LogLine['level'],
    stream: l.stream as LogLine['stream'],
    node: l.node ?? null,
    message: l.message,
    traceback: l.traceback ?? null,
  };
}

@ApiTags('runs')
@Controller('v1/runs')
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly repo: RunsRepository,
    private readonly channels: LiveChannels,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List runs, newest first',
    description: 'Filter by job name and status; page with `before`.',
  })
  @ApiQuery({ name: 'job', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'before', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiOkResponse({ schema: { type: 'array', items: openApiSchema(runViewSchema, 'output') } })
  async list(@Query() query: unknown): Promise<RunView[]> {
    const q = parseRequest(runListQuerySchema, query, 'query');
    let jobId: number | undefined;
    if (q.job !== undefined) {
      const ids = await this.repo.jobIdByName(q.job);
      if (ids === undefined) throw new NotFoundException(`job '${q.job}' does not exist`);
      jobId = ids;
    }
    return this.runs.list({ jobId, status: q.status, beforeId: q.before, limit: q.limit });
  }

  @Get(':id')
  @ApiParam(idParam)
  @ApiOperation({ summary: 'One run with per-node status, record counts and timings' })
  @ApiOkResponse({ schema: openApiSchema(runViewSchema, 'output') })
  get(@Param('id', intParam('run id')) id: number): Promise<RunView> {
    return this.runs.get(id);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiParam(idParam)
  @ApiOperation({
    summary: 'Cancel a run',
    description:
      'A waiting run is cancelled at once; a running one stops within seconds (poll the run or watch its log stream). 409 when it already ended.',
  })
  @ApiAcceptedResponse({ schema: openApiSchema(runViewSchema, 'output') })
  cancel(@Param('id', intParam('run id')) id: number): Promise<RunView> {
    return this.runs.cancel(id);
  }

  @Get(':id/logs')
  @ApiParam(idParam)
  @ApiQuery({ name: 'after', required: false, description: 'return lines with seq greater than this' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiOperation({ summary: 'Run log: Python stdout/stderr/ctx.log and runner events, in order' })
  @ApiOkResponse({ schema: openApiSchema(runLogPageSchema, 'output') })
  async logs(
    @Param('id', intParam('run id')) id: number,
    @Query() query: unknown,
  ): Promise<LogPage<Date | string>> {
    const q = parseRequest(runLogQuerySchema, query, 'query');
    await this.runs.row(id);
    const lines = await this.runs.logs(id, q.after, q.limit);
    return { lines: lines.map(logLineView), nextAfter: lines.at(-1)?.seq ?? q.after };
  }

  @Sse(':id/logs/stream')
  @ApiParam(idParam)
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Live run log (server-sent events)',
    description:
      'Replays stored lines, then streams new ones from whichever worker runs the job. Events: `line` (id = seq; ' +
      'reconnecting with Last-Event-ID resumes after it), `end` ({status}) once the run ended; a `: ping` comment every 5 s.',
  })
  async stream(
    @Param('id', intParam('run id')) id: number,
    @Headers('last-event-id') lastEventId: string | undefined,
  ): Promise<Observable<MessageEvent>> {
    await this.runs.row(id);
    return liveLogStream({
      channels: this.channels,
      channel: runLogChannel(id),
      after: resumeAfter(lastEventId),
      loadAfter: (seq, limit) => this.runs.logs(id, seq, limit),
      linesOf: (m) =>
        (m as RunLiveMessage).type === 'lines'
          ? (m as Extract<RunLiveMessage, { type: 'lines' }>).lines
          : undefined,
      isEnd: (m) => (m as RunLiveMessage).type === 'end',
      finished: async () => {
        const row = await this.repo.findById(id);
        return { done: !row || isTerminal(row.status), status: row?.status };
      },
      toData: logLineView,
    });
  }
}
