import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stack, uniqueName } from './stack-env.js';

// infra/ grants the app account ALL on `sluice` and on every `sluice_%` database, so each test run
// works in a database of its own and never touches anyone else's tables.
describe('MariaDB via mysql2 (local stack)', () => {
  const database = uniqueName('sluice_stack');
  let conn: mysql.Connection;

  beforeAll(async () => {
    conn = await mysql.createConnection({ uri: stack.mysqlUrl, connectTimeout: 10_000 });
    await conn.query(`CREATE DATABASE \`${database}\``);
    await conn.changeUser({ database });
  });

  afterAll(async () => {
    if (!conn) return;
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.end();
  });

  it('speaks the MySQL protocol as MariaDB 10.11 with utf8mb4 by default', async () => {
    const [rows] = await conn.query<mysql.RowDataPacket[]>(
      'SELECT VERSION() AS version, @@character_set_server AS charset',
    );
    expect(rows[0]?.version).toMatch(/^10\.11\..*MariaDB/);
    expect(rows[0]?.charset).toBe('utf8mb4');
  });

  it('creates a table, inserts with placeholders, selects back and enforces a unique key', async () => {
    await conn.query(
      `CREATE TABLE patterns (
         id BIGINT AUTO_INCREMENT PRIMARY KEY,
         pattern CHAR(32) NOT NULL UNIQUE,
         sample_raw TEXT NOT NULL,
         log_num INT NOT NULL DEFAULT 0
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    );
    const [insert] = await conn.execute<mysql.ResultSetHeader>(
      'INSERT INTO patterns (pattern, sample_raw, log_num) VALUES (?, ?, ?), (?, ?, ?)',
      ['a'.repeat(32), 'GET /api ✓ 200', 3, 'b'.repeat(32), "it's a 'quoted' line", 1],
    );
    expect(insert.affectedRows).toBe(2);

    const [rows] = await conn.execute<mysql.RowDataPacket[]>(
      'SELECT pattern, sample_raw, log_num FROM patterns WHERE log_num >= ? ORDER BY log_num DESC',
      [1],
    );
    expect(rows.map((r) => [r.sample_raw, r.log_num])).toEqual([
      ['GET /api ✓ 200', 3],
      ["it's a 'quoted' line", 1],
    ]);

    await expect(
      conn.execute('INSERT INTO patterns (pattern, sample_raw) VALUES (?, ?)', ['a'.repeat(32), 'dup']),
    ).rejects.toMatchObject({ code: 'ER_DUP_ENTRY' });
  });

  it('keeps the app account out of databases outside its prefix', async () => {
    await expect(conn.query('CREATE DATABASE `not_sluice_owned`')).rejects.toMatchObject({
      code: 'ER_DBACCESS_DENIED_ERROR',
    });
  });
});
