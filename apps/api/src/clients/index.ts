export { ClientsModule } from './clients.module.js';
export { type FlinkRequestOptions, FlinkRestClient, FlinkRestError } from './flink-rest.client.js';
export { KafkaClient } from './kafka.client.js';
export { MysqlClient, mysqlPoolOptions } from './mysql.client.js';
export { RedisConnectionFactory } from './redis-connection.factory.js';
