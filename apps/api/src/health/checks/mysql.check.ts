import type { RowDataPacket } from 'mysql2/promise';
import type { MysqlClient } from '../../clients/index.js';
import type { Check } from '../run-check.js';

/** `SELECT VERSION()` through the shared pool: the same path every SQL repository uses. */
export function mysqlCheck(mysql: MysqlClient, timeoutMs: number): Check {
  return async () => {
    const [rows] = await mysql.pool.query<RowDataPacket[]>({
      sql: 'SELECT VERSION() AS version, DATABASE() AS db',
      timeout: timeoutMs,
    });
    const row = rows[0];
    if (!row) throw new Error('SELECT VERSION() returned no row');
    return { version: String(row.version), detail: { database: String(row.db) } };
  };
}
