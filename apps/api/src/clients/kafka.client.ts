import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  type Admin,
  type AdminConfig,
  type Consumer,
  type ConsumerConfig,
  Kafka,
  type KafkaConfig,
  type LogEntry,
  logLevel,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';
import { APP_CONFIG, type AppConfig } from '../config/index.js';

interface Disconnectable {
  disconnect(): Promise<void>;
}

/**
 * Kafka access for feature modules: the shared kafkajs instance for this deployment's brokers,
 * plus producers/consumers/admins that are disconnected at application shutdown. kafkajs only
 * connects when `connect()` is called, so the API boots without Kafka.
 *
 * @example
 * constructor(private readonly kafka: KafkaClient) {}
 * const producer = this.kafka.producer();
 * await producer.connect();
 * await producer.send({ topic: 'logs', messages: [{ value: 'hello' }] });
 */
@Injectable()
export class KafkaClient implements OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');
  private readonly clients = new Set<Disconnectable>();
  readonly kafka: Kafka;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.kafka = this.create();
  }

  /** Bootstrap brokers, comma-separated, for display. */
  get address(): string {
    return this.config.kafka.brokers.join(',');
  }

  /**
   * A separate kafkajs instance with its own settings (e.g. no retries for a probe). Clients
   * made from it are not tracked: the caller disconnects them.
   */
  create(overrides: Partial<KafkaConfig> = {}): Kafka {
    return new Kafka({
      clientId: this.config.kafka.clientId,
      brokers: this.config.kafka.brokers,
      logLevel: logLevel.WARN,
      logCreator: () => (entry) => this.log(entry),
      ...overrides,
    });
  }

  producer(config?: ProducerConfig): Producer {
    const producer = this.kafka.producer(config);
    this.track(producer, () => producer.on(producer.events.DISCONNECT, () => this.clients.delete(producer)));
    return producer;
  }

  consumer(config: ConsumerConfig): Consumer {
    const consumer = this.kafka.consumer(config);
    this.track(consumer, () => consumer.on(consumer.events.DISCONNECT, () => this.clients.delete(consumer)));
    return consumer;
  }

  admin(config?: AdminConfig): Admin {
    const admin = this.kafka.admin(config);
    this.track(admin, () => admin.on(admin.events.DISCONNECT, () => this.clients.delete(admin)));
    return admin;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.clients].map((client) => client.disconnect()));
    this.clients.clear();
  }

  private track(client: Disconnectable, untrackOnDisconnect: () => void): void {
    this.clients.add(client);
    untrackOnDisconnect();
  }

  private log({ namespace, level, log }: LogEntry): void {
    const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
    const details = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
    const text = `[${namespace}] ${message}${details}`;
    if (level === logLevel.ERROR) this.logger.error(text);
    else if (level === logLevel.WARN) this.logger.warn(text);
    else if (level === logLevel.INFO) this.logger.log(text);
    else this.logger.debug(text);
  }
}
