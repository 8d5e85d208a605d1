import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { CronPreview } from '@sluice/api-contract';
import { checkCron, isValidTimezone, nextFireTimes } from '@sluice/dag';
import { z } from 'zod';
import { openApiSchema, parseRequest, RequestInvalidException } from './http/zod-http.js';
import { cronPreviewQuerySchema } from './job.dto.js';

@ApiTags('jobs')
@Controller('v1/cron')
export class CronController {
  @Get('preview')
  @ApiOperation({
    summary: 'Next fire times of a cron in a time zone',
    description:
      'Computed as the scheduler computes them (cron-parser, as BullMQ). 400 explains an invalid cron or zone.',
  })
  @ApiQuery({ name: 'cron', example: '*/15 9-17 * * 1-5' })
  @ApiQuery({ name: 'timezone', required: false, example: 'Europe/Paris' })
  @ApiQuery({ name: 'count', required: false, example: 5 })
  @ApiQuery({ name: 'from', required: false })
  @ApiOkResponse({
    schema: openApiSchema(
      z.object({ cron: z.string(), timezone: z.string(), times: z.array(z.iso.datetime()) }),
      'output',
    ),
  })
  preview(@Query() query: unknown): CronPreview<Date> {
    const q = parseRequest(cronPreviewQuerySchema, query, 'query');
    const issues = [];
    if (!isValidTimezone(q.timezone)) {
      issues.push({
        path: 'query.timezone',
        message: `Unknown time zone '${q.timezone}': use an IANA name such as 'Europe/Paris' or 'UTC'`,
      });
    }
    const problem = checkCron(q.cron, q.timezone);
    if (problem)
      issues.push({ path: 'query.cron', message: problem.message, code: `schedule.${problem.code}` });
    if (issues.length > 0) throw new RequestInvalidException(issues.map((i) => i.message).join('; '), issues);
    const times = nextFireTimes(q.cron, q.timezone, q.count, q.from ? new Date(q.from) : new Date());
    return { cron: q.cron, timezone: q.timezone, times };
  }
}
