import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/index.js';
import {
  explainBodyErrors,
  JSON_BODY_LIMIT,
  rejectMalformedText,
  requireReadableBody,
  ZIP_BODY_LIMIT,
  ZIP_CONTENT_TYPES,
} from './http/request-body.js';

export const API_PREFIX = 'api';
export const DOCS_PATH = `${API_PREFIX}/docs`;

/** `apps/api/package.json`, one level above both `src/` and `dist/`. */
function apiVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

/**
 * Builds the Nest application (not yet listening) with pino logging, the `/api` prefix,
 * OpenAPI at `/api/docs` (UI) and `/api/docs-json` (spec), and shutdown hooks that close every
 * client. Used by `main.ts` and by tests, which pass their own config.
 *
 * @example
 * const app = await createApp(loadConfig(env));
 * await app.listen(0, '127.0.0.1');
 * const baseUrl = await app.getUrl();
 */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
  });
  app.disable('x-powered-by');
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  // Jobs carry their Python code inline: allow documents bigger than the 100 kB default, and
  // SREWorks job packages arrive as raw zip bodies (safeUnzip enforces its own limits inside).
  // `strict: false`: a body like `42` reaches the schemas, which say what they expected, instead
  // of the parser calling valid JSON invalid.
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT, strict: false });
  app.useBodyParser('raw', { type: ZIP_CONTENT_TYPES, limit: ZIP_BODY_LIMIT });
  app.use(requireReadableBody);
  app.use(explainBodyErrors);
  app.use(rejectMalformedText);
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Sluice API')
      .setDescription(
        'Pipelines (source -> python -> sink DAGs) run as scheduled batch jobs or real-time Flink jobs, ' +
          'and the log pattern knowledge base.',
      )
      .setVersion(apiVersion())
      .build(),
  );
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
  return app;
}
