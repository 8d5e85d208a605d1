import { Redis } from 'ioredis';
import type { RedisConnectionFactory } from '../../clients/index.js';
import type { Check } from '../run-check.js';

/**
 * PING plus the INFO facts Sluice relies on. Each check opens a fresh connection without
 * retries: it proves a new client can connect right now (a long-lived connection could hide an
 * outage behind its reconnect loop) and fails fast instead of queueing commands.
 */
export function redisCheck(redis: RedisConnectionFactory, timeoutMs: number): Check {
  return async (signal) => {
    const client = new Redis(
      redis.options({
        connectionName: 'sluice-health',
        connectTimeout: timeoutMs,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        enableOfflineQueue: false,
      }),
    );
    // ioredis rejects connect() with a bare "Connection is closed." when it gives up; the
    // socket error it emitted just before says why (e.g. ECONNREFUSED), so keep that one.
    let socketError: Error | undefined;
    client.on('error', (error: Error) => {
      socketError = error;
    });
    const close = () => client.disconnect();
    signal.addEventListener('abort', close, { once: true });
    try {
      await client.connect().catch((error: unknown) => {
        throw socketError ?? error;
      });
      const [pong, server, memory, persistence] = await Promise.all([
        client.ping(),
        client.info('server'),
        client.info('memory'),
        client.info('persistence'),
      ]);
      if (pong !== 'PONG') throw new Error(`PING answered ${JSON.stringify(pong)}`);
      const info = { ...parseInfo(server), ...parseInfo(memory), ...parseInfo(persistence) };
      const maxmemoryPolicy = info.maxmemory_policy ?? 'unknown';
      const warnings: string[] = [];
      // BullMQ loses jobs silently if Redis evicts keys under memory pressure.
      if (maxmemoryPolicy !== 'noeviction') {
        warnings.push(`maxmemory-policy is ${maxmemoryPolicy}; BullMQ needs noeviction`);
      }
      return {
        version: info.redis_version,
        detail: {
          maxmemoryPolicy,
          aofEnabled: info.aof_enabled === '1',
          usedMemory: info.used_memory_human ?? 'unknown',
        },
        warnings,
      };
    } finally {
      signal.removeEventListener('abort', close);
      close();
    }
  };
}

/** INFO answers `key:value` lines grouped under `# Section` headers. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return out;
}
