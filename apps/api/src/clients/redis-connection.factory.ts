import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/index.js';

/**
 * Creates Redis connections for this deployment's Redis and closes them at shutdown.
 *
 * Connections are lazy (`lazyConnect`): creating one never blocks or fails boot, so the API
 * starts and reports Redis as down instead of crashing when Redis is not there yet.
 *
 * @example
 * // a feature module's service
 * constructor(private readonly redis: RedisConnectionFactory) {}
 * const queue = new Queue('dag.run', { connection: this.redis.bullmqOptions() });
 * const client = this.redis.create('locks'); // closed by the factory at shutdown
 */
@Injectable()
export class RedisConnectionFactory implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnectionFactory.name);
  private readonly connections = new Set<Redis>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Where Redis is, for display: `host:port`, never credentials. */
  get address(): string {
    return this.config.redis.address;
  }

  /** ioredis options for this deployment's Redis, merged with `overrides`. */
  options(overrides: RedisOptions = {}): RedisOptions {
    const { host, port, username, password, db, tls } = this.config.redis;
    return {
      host,
      port,
      username,
      password,
      db,
      tls: tls ? {} : undefined,
      lazyConnect: true,
      connectTimeout: 5_000,
      ...overrides,
    };
  }

  /**
   * Options for BullMQ's `connection`. BullMQ then owns the connections it creates (closed by
   * `queue.close()` / `worker.close()`); workers need `maxRetriesPerRequest: null` so that
   * their blocking commands survive a Redis restart instead of failing.
   */
  bullmqOptions(overrides: RedisOptions = {}): RedisOptions {
    return this.options({ maxRetriesPerRequest: null, ...overrides });
  }

  /** A tracked connection named `name` (for logs); quit at application shutdown. */
  create(name: string, overrides: RedisOptions = {}): Redis {
    const client = new Redis(this.options({ connectionName: `sluice-${name}`, ...overrides }));
    this.connections.add(client);
    let lastError = '';
    // Without a listener ioredis prints every reconnect failure to stderr; log each distinct error once.
    client.on('error', (error: Error) => {
      if (error.message === lastError) return;
      lastError = error.message;
      this.logger.warn(`redis connection "${name}" to ${this.address}: ${error.message}`);
    });
    client.on('ready', () => {
      lastError = '';
    });
    client.on('end', () => this.connections.delete(client));
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(
      [...this.connections].map(async (client) => {
        try {
          await client.quit();
        } catch {
          client.disconnect();
        }
      }),
    );
    this.connections.clear();
  }
}
