import { Kysely, MysqlDialect } from 'kysely';
import type { Pool } from 'mysql2/promise';
import type { Database } from './database.js';

/** Injection token of the typed query builder: `@Inject(DB) db: Kysely<Database>`. */
export const DB = Symbol('DB');

/**
 * A Kysely instance on the API's shared mysql2 pool. Kysely's MysqlDialect drives the callback
 * pool that `mysql2/promise` wraps (`pool.pool`), so both share one set of connections; the pool
 * is owned (and ended) by `MysqlClient`, never by Kysely.
 *
 * @example
 * const db = createKysely(mysqlClient.pool);
 * const jobs = await db.selectFrom('jobs').select(['id', 'name']).execute();
 */
export function createKysely(pool: Pool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new MysqlDialect({ pool: pool.pool }) });
}
