import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { DB } from './kysely.js';
import { isConnectionError, migrateToLatest } from './migrate.js';

const RETRY_MS = 5_000;

/**
 * Applies migrations when the API starts. A broken migration stops the boot (a deploy must not
 * run on a half-migrated schema); an unreachable database does not: the API starts, health
 * shows MySQL down, and migration retries every few seconds. Work that needs the schema
 * (scheduler, workers) waits on `ready`.
 */
@Injectable()
export class MigrationService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Migrations');
  private resolveReady!: () => void;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Resolves once the schema is current. */
  readonly ready: Promise<void> = new Promise((resolve) => {
    this.resolveReady = resolve;
  });

  constructor(@Inject(DB) private readonly db: Kysely<Database>) {}

  async onModuleInit(): Promise<void> {
    await this.attempt(true);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private async attempt(first: boolean): Promise<void> {
    try {
      const { applied } = await migrateToLatest(this.db);
      if (applied.length > 0) this.logger.log(`applied migrations: ${applied.join(', ')}`);
      this.resolveReady();
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      if (first) {
        this.logger.warn(
          `database unreachable (${(error as Error).message}); migrations retry every ${RETRY_MS / 1000} s`,
        );
      }
      if (this.stopped) return;
      this.retryTimer = setTimeout(() => {
        this.attempt(false).catch((e: unknown) =>
          this.logger.error(`migration failed: ${(e as Error).message}`),
        );
      }, RETRY_MS);
      this.retryTimer.unref();
    }
  }
}
