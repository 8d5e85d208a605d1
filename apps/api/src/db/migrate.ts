import { type Kysely, type MigrationResult, Migrator } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';

/** Kysely keeps applied migrations and its lock in these tables (the lock makes concurrent boots safe). */
export const MIGRATION_TABLE = 'sluice_migrations';
export const MIGRATION_LOCK_TABLE = 'sluice_migrations_lock';

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface MigrateOutcome {
  /** Migrations applied by this call, in order (empty when the schema was already current). */
  applied: string[];
}

function migrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({
    // Migrations work on the schema as it was when they were written, not on today's types.
    // biome-ignore lint/suspicious/noExplicitAny: Kysely's Migrator is typed for Kysely<any>
    db: db as unknown as Kysely<any>,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
}

/**
 * Brings the database to the latest schema. Safe to call from several processes at once: Kysely
 * serialises them on its lock table, and the later ones find nothing to do.
 *
 * @example
 * const { applied } = await migrateToLatest(db); // ['0001-scheduled-jobs'] on an empty database
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<MigrateOutcome> {
  const { error, results = [] } = await migrator(db).migrateToLatest();
  const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error) {
    const failed = results.find((r: MigrationResult) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      failed
        ? `migration ${failed} failed: ${reason}${applied.length ? ` (applied before it: ${applied.join(', ')})` : ''}`
        : `cannot migrate the database: ${reason}`,
      failed,
      { cause: error },
    );
  }
  return { applied };
}

/** Names of migrations not yet applied, for `migrate --status`. */
export async function pendingMigrations<DB>(db: Kysely<DB>): Promise<string[]> {
  const infos = await migrator(db).getMigrations();
  return infos.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Errors that mean "the database is not reachable yet", as opposed to a broken migration. */
export function isConnectionError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      [
        'ECONNREFUSED',
        'ECONNRESET',
        'ETIMEDOUT',
        'ENOTFOUND',
        'EHOSTUNREACH',
        'PROTOCOL_CONNECTION_LOST',
      ].includes(code)
    ) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
