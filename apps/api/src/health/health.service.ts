import { Inject, Injectable } from '@nestjs/common';
import { FlinkRestClient, KafkaClient, MysqlClient, RedisConnectionFactory } from '../clients/index.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { flinkCheck } from './checks/flink.check.js';
import { kafkaCheck } from './checks/kafka.check.js';
import { mysqlCheck } from './checks/mysql.check.js';
import { redisCheck } from './checks/redis.check.js';
import type { HealthReportDto, ServiceName } from './health.dto.js';
import { type Check, runCheck } from './run-check.js';

interface Probe {
  address: string;
  check: Check;
}

/** Checks every dependency in parallel, each with its own deadline, and never throws. */
@Injectable()
export class HealthService {
  private readonly probes: Record<ServiceName, Probe>;
  private readonly timeoutMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    redis: RedisConnectionFactory,
    mysql: MysqlClient,
    kafka: KafkaClient,
    flink: FlinkRestClient,
  ) {
    this.timeoutMs = config.healthCheckTimeoutMs;
    // Clients enforce slightly shorter timeouts than runCheck so their own, more precise error
    // usually wins over the generic "no answer" one.
    const inner = Math.max(50, this.timeoutMs - 100);
    this.probes = {
      redis: { address: redis.address, check: redisCheck(redis, inner) },
      mysql: { address: mysql.address, check: mysqlCheck(mysql, inner) },
      kafka: { address: kafka.address, check: kafkaCheck(kafka, inner) },
      flink: { address: flink.restUrl, check: flinkCheck(flink, inner) },
    };
  }

  async report(): Promise<HealthReportDto> {
    const checkedAt = new Date().toISOString();
    const run = (name: ServiceName) =>
      runCheck(this.probes[name].address, this.probes[name].check, this.timeoutMs);
    const [redis, mysql, kafka, flink] = await Promise.all([
      run('redis'),
      run('mysql'),
      run('kafka'),
      run('flink'),
    ]);
    const services = { redis, mysql, kafka, flink };
    return {
      status: Object.values(services).every((s) => s.status === 'up') ? 'ok' : 'degraded',
      checkedAt,
      services,
    };
  }
}
