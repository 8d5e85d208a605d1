import { Kafka, type KafkaConfig, logLevel, type SASLOptions } from 'kafkajs';
import { type ConnectorContext, nodeError, option, requiredOption, type TableSpec } from './connector.js';

/**
 * Builds a kafkajs client from a kafka node's Flink options: `properties.bootstrap.servers`, and
 * for secured clusters `properties.security.protocol`, `properties.sasl.mechanism` and
 * `properties.sasl.jaas.config` (the JAAS line Flink/Java clients take, from which the username
 * and password are read).
 */
export function kafkaFor(spec: TableSpec, ctx: ConnectorContext): { kafka: Kafka; brokers: string[] } {
  const brokers = requiredOption(spec, 'properties.bootstrap.servers')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  for (const broker of brokers) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(broker)) {
      throw nodeError(spec, `option \`properties.bootstrap.servers\`: "${broker}" is not host:port`);
    }
  }
  const protocol = (option(spec, 'properties.security.protocol') ?? 'PLAINTEXT').toUpperCase();
  const config: KafkaConfig = {
    clientId: `${ctx.kafkaClientId}-${ctx.jobName}`,
    brokers,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    // Few retries: a broker that is down should fail the run in seconds, not minutes.
    retry: { retries: 3, initialRetryTime: 300, maxRetryTime: 3_000 },
    // kafkajs logs to the console by default; route its errors to the run log instead.
    logLevel: logLevel.ERROR,
    logCreator: () => (entry) => {
      if (ctx.signal.aborted) return;
      ctx.log('debug', `kafka client: ${entry.log.message}`);
    },
  };
  if (protocol === 'SSL' || protocol === 'SASL_SSL') config.ssl = true;
  if (protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL') config.sasl = saslFrom(spec);
  else if (protocol !== 'PLAINTEXT' && protocol !== 'SSL') {
    throw nodeError(spec, `option \`properties.security.protocol\`: \`${protocol}\` is not supported`);
  }
  return { kafka: new Kafka(config), brokers };
}

function saslFrom(spec: TableSpec): SASLOptions {
  const mechanism = (option(spec, 'properties.sasl.mechanism') ?? 'PLAIN').toUpperCase();
  const jaas = option(spec, 'properties.sasl.jaas.config') ?? '';
  const field = (name: string) => new RegExp(`${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(jaas)?.[1];
  const username = field('username');
  const password = field('password');
  if (username === undefined || password === undefined) {
    throw nodeError(
      spec,
      'option `properties.sasl.jaas.config` must carry username="..." and password="..." for SASL',
    );
  }
  switch (mechanism) {
    case 'PLAIN':
      return { mechanism: 'plain', username, password };
    case 'SCRAM-SHA-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'SCRAM-SHA-512':
      return { mechanism: 'scram-sha-512', username, password };
    default:
      throw nodeError(spec, `option \`properties.sasl.mechanism\`: \`${mechanism}\` is not supported`);
  }
}

/** Topics named by `topic` (Flink separates several with `;`). */
export function topicsOf(spec: TableSpec): string[] {
  if (option(spec, 'topic-pattern') !== undefined) {
    throw nodeError(
      spec,
      'option `topic-pattern` is not supported by batch runs; list the topics in `topic`',
    );
  }
  const topics = requiredOption(spec, 'topic')
    .split(';')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (topics.length === 0) throw nodeError(spec, 'option `topic` names no topic');
  return topics;
}

/** Fails with a clear message for each topic the cluster does not have. */
export async function assertTopicsExist(
  spec: TableSpec,
  topics: readonly string[],
  existing: readonly string[],
  brokers: readonly string[],
): Promise<void> {
  const missing = topics.filter((t) => !existing.includes(t));
  if (missing.length > 0) {
    const names = missing.map((t) => `\`${t}\``).join(', ');
    throw nodeError(
      spec,
      `topic ${names} does not exist on ${brokers.join(',')} (create it first; batch runs never create topics)`,
    );
  }
}

/** kafkajs errors to plain words, with the broker list (which never holds credentials). */
export function describeKafkaError(spec: TableSpec, brokers: readonly string[], err: unknown, doing: string) {
  const e = err as Error & { type?: string };
  if (e.name === 'NodeError') return err as Error;
  if (
    e.name === 'KafkaJSConnectionError' ||
    e.name === 'KafkaJSNumberOfRetriesExceeded' ||
    e.name === 'KafkaJSNonRetriableError'
  ) {
    return nodeError(spec, `cannot ${doing} on ${brokers.join(',')}: ${e.message}`, err);
  }
  return nodeError(spec, `${doing} failed: ${e.type ? `${e.type}: ` : ''}${e.message}`, err);
}
