import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/index.js';
import { HTTP_REDACT_PATHS, REDACTED, redactSensitive } from './redact.js';

/** The web app polls health every few seconds; successful polls are logged at debug so they don't drown real traffic. */
const QUIET_PATHS = new Set(['/api/health']);

export function pinoHttpOptions(config: Pick<AppConfig, 'logLevel'>): Options {
  return {
    level: config.logLevel,
    redact: { paths: HTTP_REDACT_PATHS, censor: REDACTED },
    formatters: { log: (object) => redactSensitive(object) },
    customLogLevel: (req: IncomingMessage, res: ServerResponse, error?: Error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return QUIET_PATHS.has((req.url ?? '').split('?')[0] ?? '') ? 'debug' : 'info';
    },
    serializers: {
      // pino-http hands over the standard serialization; drop the query string (it may carry
      // tokens) and keep the headers, whose credentials `redact` removes.
      req: (req: {
        id: unknown;
        method: string;
        url?: string;
        headers: unknown;
        remoteAddress?: string;
      }) => ({
        id: req.id,
        method: req.method,
        url: req.url?.split('?')[0],
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
    },
  };
}

/** Structured JSON logs through pino for the Nest logger and every HTTP request. */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        PinoLoggerModule.forRoot({
          pinoHttp: pinoHttpOptions(config),
          // Express 5 (path-to-regexp 8) needs a named wildcard; nestjs-pino's default '*' logs a warning.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
      ],
    };
  }
}
