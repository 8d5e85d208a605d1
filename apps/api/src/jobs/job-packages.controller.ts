import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  exportJobJson,
  exportSreworksPackage,
  formatPath,
  type ImportResult,
  importJobJson,
  importSreworksPackage,
  type Job,
} from '@sluice/dag';
import { z } from 'zod';
import { intParam } from '../http/int-param.js';
import { ZIP_CONTENT_TYPES } from '../http/request-body.js';
import { parseRequest, RequestInvalidException } from './http/zod-http.js';
import { JobsService, type JobView } from './jobs.service.js';

const importQuerySchema = z.object({
  /** Only parse and validate; nothing is saved. The canvas uses it to preview an import. */
  dryRun: z.enum(['true', 'false']).default('false'),
  /** Job name to import under (SREWorks packages carry none; Sluice's own carry theirs). */
  name: z.string().optional(),
  environment: z.string().optional(),
});

const exportQuerySchema = z.object({
  format: z.enum(['json', 'sreworks']).default('json'),
});

/**
 * Job packages in and out: the native JSON document and the SREWorks job package (zip), both
 * parsed and written by `@sluice/dag` so the API and the canvas read packages the same way.
 */
@ApiTags('jobs')
@Controller('v1/jobs')
export class JobPackagesController {
  constructor(private readonly jobs: JobsService) {}

  @Post('import')
  @ApiOperation({
    summary: 'Import a job from a native JSON document or an SREWorks job package (zip)',
    description:
      'Send the document as `application/json`, or the zip as `application/zip`. Every problem is reported: ' +
      'broken package files by name, then the validation issues of the job. `dryRun=true` only parses.',
  })
  @ApiConsumes('application/json', 'application/zip')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({
    name: 'dryRun',
    required: false,
    enum: ['true', 'false'],
    description:
      'true: answer 200 with {ok, job, issues} and create nothing; otherwise 201 with the created job',
  })
  @ApiQuery({ name: 'name', required: false })
  @ApiQuery({ name: 'environment', required: false })
  async import(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query() rawQuery: unknown,
    @Res({ passthrough: true }) res: { status(code: number): unknown },
  ): Promise<ImportResult | JobView> {
    const query = parseRequest(importQuerySchema, rawQuery, 'query');
    const parsed = isZip(contentType)
      ? importSreworksPackage(toBytes(body), {
          ...(query.name !== undefined && { name: query.name }),
          ...(query.environment !== undefined && { environment: query.environment }),
        })
      : importJobJson(body);
    // Explicit query values win over what the package says, for either format, so that a package
    // can be imported twice or onto another environment.
    const result: ImportResult = parsed.job
      ? {
          ...parsed,
          job: {
            ...parsed.job,
            ...(query.name !== undefined && { name: query.name }),
            ...(query.environment !== undefined && { environment: query.environment }),
          },
        }
      : parsed;
    if (query.dryRun === 'true') {
      res.status(200); // nothing was created
      return result;
    }
    if (!result.ok || !result.job) {
      throw new RequestInvalidException(
        'the package cannot be imported (see issues)',
        result.issues.map((issue) => ({
          path: issue.file ?? formatPath(issue.path),
          message: issue.message,
          code: issue.code,
          severity: issue.severity,
        })),
      );
    }
    return this.jobs.create(result.job);
  }

  @Get(':name/export')
  @ApiParam({ name: 'name', description: 'job name (slug)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'sreworks'] })
  @ApiQuery({ name: 'version', required: false, description: 'defaults to the current version' })
  @ApiOperation({
    summary: 'Export a job version as a native JSON document or an SREWorks job package (zip)',
    description: 'Secret parameter values are never part of an export: only their declarations.',
  })
  @Header('Cache-Control', 'no-store')
  async export(
    @Param('name') name: string,
    @Query() rawQuery: unknown,
    @Query('version', intParam('query.version', { optional: true })) version?: number,
  ): Promise<StreamableFile> {
    const { format } = parseRequest(
      exportQuerySchema,
      { format: (rawQuery as { format?: string }).format },
      'query',
    );
    const job = await this.jobAt(name, version);
    if (format === 'sreworks') {
      return new StreamableFile(exportSreworksPackage(job), {
        type: 'application/zip',
        disposition: `attachment; filename="${job.name}.zip"`,
      });
    }
    return new StreamableFile(Buffer.from(exportJobJson(job)), {
      type: 'application/json',
      disposition: `attachment; filename="${job.name}.json"`,
    });
  }

  private async jobAt(name: string, version: number | undefined): Promise<Job> {
    if (version === undefined) return (await this.jobs.view(await this.jobs.get(name))).job;
    return (await this.jobs.version(name, version)).document as Job;
  }
}

function isZip(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return ZIP_CONTENT_TYPES.includes(type);
}

function toBytes(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  throw new RequestInvalidException('the request has no zip body', [
    { path: '(body)', message: 'send the SREWorks job package as the raw request body (application/zip)' },
  ]);
}
