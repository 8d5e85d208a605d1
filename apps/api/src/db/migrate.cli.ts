/**
 * `npm run migrate -w @sluice/api`: applies pending migrations to the database of MYSQL_URL and
 * exits. `--status` lists pending migrations without applying them. The API also migrates on start;
 * this command is for deploys that migrate before rolling out.
 */
import { createPool } from 'mysql2/promise';
import { mysqlPoolOptions } from '../clients/mysql.client.js';
import { ConfigError, loadConfig } from '../config/index.js';
import { createKysely } from './kysely.js';
import { migrateToLatest, pendingMigrations } from './migrate.js';

async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    // An entry point, like main.ts: the one place this command reads the environment.
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`migrate: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const pool = createPool({ ...mysqlPoolOptions(config), connectionLimit: 2 });
  const db = createKysely(pool);
  try {
    if (process.argv.includes('--status')) {
      const pending = await pendingMigrations(db);
      process.stdout.write(
        pending.length === 0
          ? `${config.mysql.address}: schema is current\n`
          : `${config.mysql.address}: pending ${pending.join(', ')}\n`,
      );
      return 0;
    }
    const { applied } = await migrateToLatest(db);
    process.stdout.write(
      applied.length === 0
        ? `${config.mysql.address}: schema already current\n`
        : `${config.mysql.address}: applied ${applied.join(', ')}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`migrate: ${config.mysql.address}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await pool.end().catch(() => undefined);
  }
}

process.exitCode = await main();
