import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  type MessageEvent,
  NotFoundException,
  Param,
  Patch,
  Post,
  Query,
  Sse,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { openApiSchema, parseRequest } from '../jobs/http/zod-http.js';
import { LiveChannels } from '../scheduler/live-channels.js';
import { liveLogStream, resumeAfter } from '../scheduler/live-log-stream.js';
import { buildLogQuerySchema, buildLogSchema, environmentViewSchema } from './environment.dto.js';
import { createEnvironmentSchema, updateEnvironmentSchema } from './environment.types.js';
import { type EnvironmentLiveMessage, environmentLogChannel } from './environment-log.writer.js';
import { EnvironmentsService, type EnvironmentView } from './environments.service.js';

const nameParam = { name: 'name', description: 'environment name', example: 'default' };

@ApiTags('environments')
@Controller('v1/environments')
export class EnvironmentsController {
  constructor(
    private readonly environments: EnvironmentsService,
    private readonly channels: LiveChannels,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List environments with their build state' })
  @ApiOkResponse({ schema: { type: 'array', items: openApiSchema(environmentViewSchema, 'output') } })
  list(): Promise<EnvironmentView[]> {
    return this.environments.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create an environment',
    description:
      'Creates a Python venv definition and (unless `build: false`) queues its build. 409 when the name exists.',
  })
  @ApiBody({ schema: openApiSchema(createEnvironmentSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(environmentViewSchema, 'output') })
  async create(@Body() body: unknown): Promise<EnvironmentView> {
    const input = parseRequest(createEnvironmentSchema, body);
    return this.environments.view(await this.environments.create(input));
  }

  @Get(':name')
  @ApiParam(nameParam)
  @ApiOperation({ summary: 'One environment with build progress' })
  @ApiOkResponse({ schema: openApiSchema(environmentViewSchema, 'output') })
  async get(@Param('name') name: string): Promise<EnvironmentView> {
    return this.environments.view(await this.environments.get(name));
  }

  @Patch(':name')
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Change an environment',
    description:
      'Changing the requirements queues a rebuild (unless `build: false`); runs keep the last good build meanwhile.',
  })
  @ApiBody({ schema: openApiSchema(updateEnvironmentSchema) })
  @ApiOkResponse({ schema: openApiSchema(environmentViewSchema, 'output') })
  async update(@Param('name') name: string, @Body() body: unknown): Promise<EnvironmentView> {
    const input = parseRequest(updateEnvironmentSchema, body);
    return this.environments.view(await this.environments.update(name, input));
  }

  @Post(':name/build')
  @HttpCode(202)
  @ApiParam(nameParam)
  @ApiOperation({
    summary: 'Build or rebuild the venv',
    description: 'A build in progress for an older build number is cancelled.',
  })
  @ApiAcceptedResponse({ schema: openApiSchema(environmentViewSchema, 'output') })
  async build(@Param('name') name: string): Promise<EnvironmentView> {
    return this.environments.view(await this.environments.build(name));
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiParam(nameParam)
  @ApiOperation({ summary: 'Delete an environment', description: '409 while jobs use it.' })
  async remove(@Param('name') name: string): Promise<void> {
    await this.environments.delete(name);
  }

  @Get(':name/build-log')
  @ApiParam(nameParam)
  @ApiOperation({ summary: 'Build log lines (default: the current build)' })
  @ApiOkResponse({ schema: openApiSchema(buildLogSchema, 'output') })
  async buildLog(@Param('name') name: string, @Query() query: unknown) {
    const q = parseRequest(buildLogQuerySchema, query, 'query');
    const row = await this.environments.get(name);
    const buildNumber = q.build ?? row.build_number;
    if (q.build !== undefined && (q.build < 1 || q.build > row.build_number)) {
      throw new NotFoundException(
        row.build_number === 0
          ? `environment '${name}' has not been built yet`
          : `environment '${name}' has no build ${q.build} (its builds are 1 to ${row.build_number})`,
      );
    }
    const lines = await this.environments.buildLog(row, buildNumber, q.after, q.limit);
    return {
      buildNumber,
      lines: lines.map((l) => ({ seq: l.seq, at: l.at, stream: l.stream, message: l.message })),
      nextAfter: lines.at(-1)?.seq ?? q.after,
    };
  }

  @Sse(':name/build-log/stream')
  @ApiParam(nameParam)
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Live build log (server-sent events)',
    description:
      'Events: `line` ({seq, at, stream, message}), `progress` ({percent, step}) and `end` ({status}) when the build finished.',
  })
  async stream(
    @Param('name') name: string,
    @Headers('last-event-id') lastEventId: string | undefined,
  ): Promise<Observable<MessageEvent>> {
    const row = await this.environments.get(name);
    const buildNumber = row.build_number;
    return liveLogStream({
      channels: this.channels,
      channel: environmentLogChannel(row.id),
      after: resumeAfter(lastEventId),
      loadAfter: async (seq, limit) =>
        (await this.environments.buildLog(row, buildNumber, seq, limit)).map((l) => ({
          seq: l.seq,
          at: l.at.toISOString(),
          stream: l.stream,
          message: l.message,
        })),
      linesOf: (m) => {
        const msg = m as EnvironmentLiveMessage;
        return msg.type === 'lines' && msg.buildNumber === buildNumber ? msg.lines : undefined;
      },
      isEnd: (m) =>
        (m as EnvironmentLiveMessage).type === 'end' &&
        (m as EnvironmentLiveMessage).buildNumber === buildNumber,
      finished: async () => {
        const current = await this.environments.get(name).catch(() => undefined);
        if (!current || current.build_number !== buildNumber) return { done: true, status: 'SUPERSEDED' };
        const done = current.status === 'READY' || current.status === 'FAILED';
        return { done, status: current.status };
      },
      toData: (l) => ({ seq: l.seq, at: l.at, stream: l.stream, message: l.message }),
      extraEvent: (m) => {
        const msg = m as EnvironmentLiveMessage;
        return msg.type === 'progress' && msg.buildNumber === buildNumber
          ? { type: 'progress', data: { percent: msg.percent, step: msg.step } }
          : undefined;
      },
    });
  }
}
