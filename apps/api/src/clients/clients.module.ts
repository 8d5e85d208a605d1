import { Global, Module } from '@nestjs/common';
import { FlinkRestClient } from './flink-rest.client.js';
import { KafkaClient } from './kafka.client.js';
import { MysqlClient } from './mysql.client.js';
import { RedisConnectionFactory } from './redis-connection.factory.js';

/**
 * Shared clients for the services Sluice depends on, available to every feature module by
 * constructor injection. Each is lazy (no connection at boot) and closed at shutdown.
 */
@Global()
@Module({
  providers: [RedisConnectionFactory, MysqlClient, KafkaClient, FlinkRestClient],
  exports: [RedisConnectionFactory, MysqlClient, KafkaClient, FlinkRestClient],
})
export class ClientsModule {}
