import { type Connection, type ConnectionOptions, createConnection } from 'mysql2';
import { type NodeError, nodeError, option, type TableSpec } from './connector.js';
import { type JdbcTarget, parseJdbcUrl } from './jdbc-url.js';

export interface JdbcConnection {
  connection: Connection;
  target: JdbcTarget;
  /** Promise form of `connection.query` for statements whose result fits in memory. */
  run: (sql: string) => Promise<unknown>;
  /** Quit politely (waits for queued statements). */
  end: () => Promise<void>;
  /** Drop the socket now (cancel, failure). */
  destroy: () => void;
}

/** MySQL error codes the runner turns into messages naming the node, table or column. */
interface MysqlError extends Error {
  code?: string;
  errno?: number;
  sqlMessage?: string;
}

function sslFrom(params: Record<string, string>): ConnectionOptions['ssl'] | undefined {
  const mode = (params.sslMode ?? params['ssl-mode'] ?? '').toUpperCase();
  const useSsl = (params.useSSL ?? params.useSsl ?? '').toLowerCase() === 'true';
  if (mode === 'DISABLED' || (!mode && !useSsl)) return undefined;
  // VERIFY_CA / VERIFY_IDENTITY check the server certificate; REQUIRED only encrypts (JDBC semantics).
  return { rejectUnauthorized: mode === 'VERIFY_CA' || mode === 'VERIFY_IDENTITY' };
}

/**
 * Opens one connection for a jdbc node: `url`, `username`, `password` options (Flink names), session
 * in UTC so TIMESTAMP/TIMESTAMP_LTZ values are instants in UTC, dates and big numbers as text so
 * nothing loses precision before the runner converts it.
 */
export async function openJdbcConnection(spec: TableSpec, signal: AbortSignal): Promise<JdbcConnection> {
  let target: JdbcTarget;
  try {
    target = parseJdbcUrl(option(spec, 'url') ?? '');
  } catch (err) {
    throw nodeError(spec, (err as Error).message);
  }
  const connectTimeout = Number(target.params.connectTimeout ?? 10_000);
  const connection = createConnection({
    host: target.host,
    port: target.port,
    user: option(spec, 'username') ?? target.user,
    password: option(spec, 'password') ?? target.password,
    database: target.database,
    charset: 'utf8mb4',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
    connectTimeout: Number.isFinite(connectTimeout) && connectTimeout > 0 ? connectTimeout : 10_000,
    ssl: sslFrom(target.params),
  });
  // Errors outside a query (server gone mid-run) surface through the next query; never crash.
  connection.on('error', () => {});
  const run = (sql: string) =>
    new Promise<unknown>((resolve, reject) => {
      connection.query(sql, (err, result) => (err ? reject(err) : resolve(result)));
    });
  const jdbc: JdbcConnection = {
    connection,
    target,
    run,
    end: () =>
      new Promise<void>((resolve) => {
        // A server that stopped answering must not hold the run open: drop the socket after 5 s.
        const timer = setTimeout(() => {
          connection.destroy();
          resolve();
        }, 5_000);
        connection.end(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
    destroy: () => connection.destroy(),
  };
  const onAbort = () => connection.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) =>
      connection.connect((err) => (err ? reject(err) : resolve())),
    );
    await run("SET time_zone = '+00:00'");
  } catch (err) {
    connection.destroy();
    throw describeMysqlError(spec, target, err);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return jdbc;
}

/**
 * Turns a mysql2 error into a message about the node: the missing table or column by name, the
 * database it looked in. Driver messages never contain the password; the URL is shown without it.
 */
export function describeMysqlError(
  spec: TableSpec,
  target: JdbcTarget,
  err: unknown,
  table?: string,
): NodeError {
  const e = err as MysqlError;
  const where = `database \`${target.database}\` at ${target.host}:${target.port}`;
  switch (e.errno) {
    case 1146:
      return nodeError(
        spec,
        `table \`${table ?? '?'}\` does not exist in database \`${target.database}\``,
        err,
      );
    case 1054: {
      const column = /Unknown column '([^']*)'/.exec(e.sqlMessage ?? '')?.[1] ?? '?';
      return nodeError(
        spec,
        `column \`${column}\` does not exist in table \`${table ?? '?'}\` (database \`${target.database}\`)`,
        err,
      );
    }
    case 1049:
      return nodeError(
        spec,
        `database \`${target.database}\` does not exist at ${target.host}:${target.port}`,
        err,
      );
    case 1045:
    case 1044:
    case 1142:
    case 1143:
      return nodeError(spec, `access denied to ${where}: ${e.sqlMessage ?? e.message}`, err);
    case 1062:
      return nodeError(
        spec,
        `${e.sqlMessage ?? e.message} in table \`${table ?? '?'}\` (declare the primary key on the sink to upsert instead of insert)`,
        err,
      );
  }
  if (
    e.code === 'ECONNREFUSED' ||
    e.code === 'ETIMEDOUT' ||
    e.code === 'ENOTFOUND' ||
    e.code === 'EHOSTUNREACH'
  ) {
    return nodeError(spec, `cannot connect to MySQL at ${target.display}: ${e.code}`, err);
  }
  const text = e.sqlMessage ?? e.message ?? String(err);
  return nodeError(spec, `${text} (${where}${table ? `, table \`${table}\`` : ''})`, err);
}
