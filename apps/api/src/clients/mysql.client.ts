import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createPool, type Pool, type PoolOptions } from 'mysql2/promise';
import { APP_CONFIG, type AppConfig } from '../config/index.js';

const SHUTDOWN_WAIT_MS = 1_000;

/**
 * The API's one MySQL/MariaDB connection pool. mysql2 pools connect on first use, so the API
 * boots even while the database is down; the pool is drained at shutdown.
 *
 * @example
 * constructor(private readonly mysql: MysqlClient) {}
 * const [rows] = await this.mysql.pool.query<RowDataPacket[]>('SELECT id FROM job WHERE name = ?', [name]);
 */
@Injectable()
export class MysqlClient implements OnApplicationShutdown {
  readonly pool: Pool;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.pool = createPool(mysqlPoolOptions(config));
  }

  /** Where the database is, for display: `host:port/database`, never credentials. */
  get address(): string {
    return this.config.mysql.address;
  }

  async onApplicationShutdown(): Promise<void> {
    // pool.end() waits for connections still being opened; a database that accepts TCP but never
    // answers would hold shutdown for the whole connectTimeout, so stop waiting after a second.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.pool.end().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SHUTDOWN_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }
}

export function mysqlPoolOptions(config: Pick<AppConfig, 'mysql'>): PoolOptions {
  const { host, port, user, password, database } = config.mysql;
  return {
    host,
    port,
    user,
    password,
    database,
    connectionLimit: 10,
    waitForConnections: true,
    connectTimeout: 5_000,
    enableKeepAlive: true,
    // Store and read DATETIME/TIMESTAMP as UTC regardless of the server's or host's time zone.
    timezone: 'Z',
    charset: 'utf8mb4',
    supportBigNumbers: true,
  };
}
