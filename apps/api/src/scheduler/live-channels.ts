import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisConnectionFactory } from '../clients/index.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';

type Listener = (message: unknown) => void;

/**
 * Redis pub/sub for live updates between processes: a run executing in one worker process
 * publishes its log lines, and whichever API process holds the browser's SSE connection
 * relays them. One subscriber connection per process, shared by every listener.
 *
 * Channel names are scoped by the queue prefix, so deployments (and tests) sharing a Redis do
 * not hear each other. Pub/sub is fire-and-forget: listeners that must not miss anything read
 * the database first and use the channel only for what comes after (see RunLogsStreamer).
 *
 * @example
 * const stop = await channels.subscribe('run-log:42', (msg) => send(msg));
 * await channels.publish('run-log:42', { seq: 1, message: 'hello' });
 * stop();
 */
@Injectable()
export class LiveChannels implements OnApplicationShutdown {
  private readonly logger = new Logger('LiveChannels');
  private publisher: Redis | undefined;
  private subscriber: Redis | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisConnectionFactory,
  ) {}

  private key(channel: string): string {
    return `${this.config.scheduler.queuePrefix}:live:${channel}`;
  }

  async publish(channel: string, message: unknown): Promise<void> {
    this.publisher ??= this.redis.create('live-pub');
    await this.publisher.publish(this.key(channel), JSON.stringify(message));
  }

  /** Resolves once Redis confirmed the subscription, so nothing published afterwards is missed. */
  async subscribe(channel: string, listener: Listener): Promise<() => void> {
    const subscriber = this.ensureSubscriber();
    const key = this.key(channel);
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
      await subscriber.subscribe(key);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(key);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(key);
        subscriber.unsubscribe(key).catch(() => undefined);
      }
    };
  }

  private ensureSubscriber(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = this.redis.create('live-sub', { maxRetriesPerRequest: null });
    subscriber.on('message', (key: string, raw: string) => {
      const set = this.listeners.get(key);
      if (!set) return;
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        this.logger.warn(`ignoring a non-JSON message on ${key}`);
        return;
      }
      for (const listener of set) listener(message);
    });
    this.subscriber = subscriber;
    return subscriber;
  }

  onApplicationShutdown(): void {
    // The connections themselves are closed by RedisConnectionFactory.
    this.listeners.clear();
  }
}
