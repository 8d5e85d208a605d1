import { logLevel } from 'kafkajs';
import type { KafkaClient } from '../../clients/index.js';
import type { Check } from '../run-check.js';

/**
 * Admin `describeCluster` with a dedicated kafkajs instance: no retries (a probe reports, it
 * does not wait for Kafka to come back) and no logging (the failure is in the health report;
 * kafkajs would otherwise log every poll's connection error).
 */
export function kafkaCheck(kafka: KafkaClient, timeoutMs: number): Check {
  const probe = kafka.create({
    clientId: 'sluice-health',
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  return async (signal) => {
    const admin = probe.admin({ retry: { retries: 0 } });
    const close = () => void admin.disconnect().catch(() => undefined);
    signal.addEventListener('abort', close, { once: true });
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return {
        detail: {
          brokers: cluster.brokers.length,
          controller: cluster.controller ?? -1,
          clusterId: cluster.clusterId,
        },
      };
    } finally {
      signal.removeEventListener('abort', close);
      await admin.disconnect().catch(() => undefined);
    }
  };
}
