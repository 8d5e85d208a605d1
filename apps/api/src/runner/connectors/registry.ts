import type { Connector } from './connector.js';
import { openDatagenSource } from './datagen-source.js';
import { openFilesystemSink } from './filesystem-sink.js';
import { openFilesystemSource } from './filesystem-source.js';
import { openJdbcSink } from './jdbc-sink.js';
import { openJdbcSource } from './jdbc-source.js';
import { openKafkaSink } from './kafka-sink.js';
import { openKafkaSource } from './kafka-source.js';
import { openPrintSink } from './print-sink.js';

/**
 * Connectors batch runs support, keyed by the catalog's connector name, each taking Flink's option
 * names so one DAG runs both as a scheduled batch job and as a Flink job.
 *
 * @example
 * const jdbc = batchConnectors.get('jdbc');
 * const reader = await jdbc?.openSource?.(spec, ctx);
 */
export const batchConnectors: ReadonlyMap<string, Connector> = new Map<string, Connector>([
  ['jdbc', { name: 'jdbc', openSource: openJdbcSource, openSink: openJdbcSink }],
  ['kafka', { name: 'kafka', openSource: openKafkaSource, openSink: openKafkaSink }],
  ['filesystem', { name: 'filesystem', openSource: openFilesystemSource, openSink: openFilesystemSink }],
  ['datagen', { name: 'datagen', openSource: openDatagenSource }],
  ['print', { name: 'print', openSink: openPrintSink }],
]);
