import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createApp, DOCS_PATH } from './app.factory.js';
import { type AppConfig, ConfigError, loadConfig } from './config/index.js';

function readConfig(): AppConfig | undefined {
  try {
    // Entry points hand process.env to loadConfig; only config/ reads it (child-env.ts copies an allowlist).
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`sluice-api: ${error.message}\n`);
    return undefined;
  }
}

async function bootstrap(): Promise<void> {
  const config = readConfig();
  if (!config) {
    process.exitCode = 1;
    return;
  }
  const app = await createApp(config);
  const logger = app.get(Logger);
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'EADDRINUSE' ? ' (another process uses this port: stop it or set PORT)' : '';
    logger.error(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}${hint}`);
    await app.close();
    process.exitCode = 1;
    return;
  }
  const base = (await app.getUrl()).replace('[::1]', 'localhost');
  logger.log(`Sluice API listening on ${base}/api (OpenAPI docs at ${base}/${DOCS_PATH})`);
}

void bootstrap();
