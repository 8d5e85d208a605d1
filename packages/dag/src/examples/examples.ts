/**
 * Example jobs, valid as they are, for tests, the demo pipeline and "new job from example" in the
 * UI. They target the local stack (MariaDB on 127.0.0.1:3306 database `sluice`, Kafka on
 * 127.0.0.1:9092); database passwords are secret parameters, never literals.
 */
import { type Job, type JobInput, jobSchema } from '../model/job.schema.js';

const ENRICH_ORDER = `from decimal import Decimal


def open(ctx):
    ctx.log.info("enrich_orders starting")


def process(record, ctx):
    # Drop cancelled orders, add the order total.
    if record["status"] == "cancelled":
        return None
    # DECIMAL columns arrive as exact strings on both runtimes: keep them exact.
    total = Decimal(record["price"]) * record["quantity"]
    record["total"] = str(total.quantize(Decimal("0.01")))
    return record
`;

const NORMALISE_EVENT = `def process(record, ctx):
    # One output row per event; the level is upper-cased so that counts group together.
    return {
        "event_id": record["event_id"],
        "service": record["service"],
        "level": (record["level"] or "INFO").upper(),
        "message": record["message"],
        "event_time": record["event_time"],
    }
`;

const TAG_READING = `def process(record, ctx):
    threshold = float(ctx.params.get("threshold", 80))
    record["hot"] = record["temperature"] > threshold
    return record
`;

const dbOptions = {
  url: 'jdbc:mysql://${db_host}:3306/${db_name}',
  username: '${db_user}',
  password: '${db_password}',
};

const dbParameters: JobInput['parameters'] = [
  { name: 'db_host', type: 'string', default: '127.0.0.1', description: 'MariaDB/MySQL host' },
  { name: 'db_name', type: 'string', default: 'sluice', description: 'Database name' },
  { name: 'db_user', type: 'string', default: 'sluice', description: 'Database user' },
  { name: 'db_password', type: 'string', secret: true, required: true, description: 'Database password' },
];

const jdbcPythonJdbc: JobInput = {
  name: 'orders-enrich',
  title: 'Enrich orders every minute',
  description:
    'Reads the orders table, drops cancelled orders, adds totals and upserts them into orders_enriched.',
  tags: ['example', 'jdbc'],
  kind: 'scheduled',
  environment: 'default',
  parameters: dbParameters,
  graph: {
    nodes: [
      {
        id: 'orders',
        kind: 'source',
        name: 'orders',
        position: { x: 0, y: 0 },
        config: {
          connector: 'jdbc',
          options: { ...dbOptions, 'table-name': 'orders' },
          columns: [
            { name: 'order_id', type: 'BIGINT' },
            { name: 'customer', type: 'STRING' },
            { name: 'price', type: 'DECIMAL(10, 2)' },
            { name: 'quantity', type: 'INT' },
            { name: 'status', type: 'STRING' },
          ],
        },
      },
      {
        id: 'enrich',
        kind: 'python',
        name: 'enrich_orders',
        position: { x: 320, y: 0 },
        config: { mode: 'record', code: ENRICH_ORDER },
      },
      {
        id: 'enriched',
        kind: 'sink',
        name: 'orders_enriched',
        position: { x: 640, y: 0 },
        config: {
          connector: 'jdbc',
          options: { ...dbOptions, 'table-name': 'orders_enriched' },
          columns: [
            { name: 'order_id', type: 'BIGINT NOT NULL' },
            { name: 'customer', type: 'STRING' },
            { name: 'price', type: 'DECIMAL(10, 2)' },
            { name: 'quantity', type: 'INT' },
            { name: 'status', type: 'STRING' },
            { name: 'total', type: 'DECIMAL(12, 2)' },
          ],
          primaryKey: ['order_id'],
        },
      },
    ],
    edges: [
      { id: 'orders->enrich', source: 'orders', target: 'enrich' },
      { id: 'enrich->enriched', source: 'enrich', target: 'enriched' },
    ],
  },
  schedule: {
    cron: '* * * * *',
    timezone: 'UTC',
    enabled: true,
    overlap: 'skip',
    catchUp: 'latest',
    retries: { attempts: 2, backoff: { type: 'exponential', delayMs: 5_000 } },
    timeoutMs: 300_000,
    concurrency: 1,
  },
};

const kafkaPythonJdbc: JobInput = {
  name: 'events-to-mysql',
  title: 'Kafka events to MySQL',
  description: 'Reads JSON events from Kafka, normalises the level and upserts each event into MySQL.',
  tags: ['example', 'kafka'],
  kind: 'realtime',
  environment: 'default',
  parameters: [
    {
      name: 'kafka_servers',
      type: 'string',
      default: '127.0.0.1:9092',
      description: 'Kafka bootstrap servers',
    },
    ...(dbParameters ?? []),
  ],
  graph: {
    nodes: [
      {
        id: 'events',
        kind: 'source',
        name: 'events',
        position: { x: 0, y: 0 },
        config: {
          connector: 'kafka',
          options: {
            topic: 'sluice-events',
            'properties.bootstrap.servers': '${kafka_servers}',
            'properties.group.id': 'sluice-events-to-mysql',
            'scan.startup.mode': 'earliest-offset',
            format: 'json',
            'json.ignore-parse-errors': 'true',
          },
          columns: [
            { name: 'event_id', type: 'STRING' },
            { name: 'service', type: 'STRING' },
            { name: 'level', type: 'STRING' },
            { name: 'message', type: 'STRING' },
            { name: 'event_time', type: 'TIMESTAMP(3)' },
            { kind: 'metadata', name: 'kafka_offset', type: 'BIGINT', key: 'offset', virtual: true },
          ],
          watermark: { column: 'event_time', expression: "`event_time` - INTERVAL '5' SECOND" },
        },
      },
      {
        id: 'normalise',
        kind: 'python',
        name: 'normalise_event',
        position: { x: 320, y: 0 },
        config: { mode: 'record', code: NORMALISE_EVENT },
      },
      {
        id: 'store',
        kind: 'sink',
        name: 'events_store',
        position: { x: 640, y: 0 },
        config: {
          connector: 'jdbc',
          options: { ...dbOptions, 'table-name': 'events' },
          columns: [
            { name: 'event_id', type: 'STRING NOT NULL' },
            { name: 'service', type: 'STRING' },
            { name: 'level', type: 'STRING' },
            { name: 'message', type: 'STRING' },
            { name: 'event_time', type: 'TIMESTAMP(3)' },
          ],
          primaryKey: ['event_id'],
        },
      },
    ],
    edges: [
      { id: 'events->normalise', source: 'events', target: 'normalise' },
      { id: 'normalise->store', source: 'normalise', target: 'store' },
    ],
  },
  realtime: {
    parallelism: 1,
    checkpointIntervalMs: 10_000,
    restartPolicy: { type: 'fixed-delay', attempts: 3, delayMs: 10_000 },
    autoRestart: { enabled: true, maxAttempts: 3, initialDelayMs: 10_000, maxDelayMs: 300_000 },
    restore: 'latest-savepoint',
    savepointOnStop: true,
  },
};

const datagenDemo: JobInput = {
  name: 'sensor-demo',
  title: 'Generated sensor readings',
  description: 'Generates 100 sensor readings, flags hot ones and prints them. Needs no external service.',
  tags: ['example', 'demo'],
  kind: 'scheduled',
  environment: 'default',
  parameters: [
    {
      name: 'threshold',
      type: 'number',
      default: 80,
      description: 'Temperature above which a reading is hot',
    },
  ],
  graph: {
    nodes: [
      {
        id: 'readings',
        kind: 'source',
        name: 'readings',
        position: { x: 0, y: 0 },
        config: {
          connector: 'datagen',
          options: {
            'number-of-rows': '100',
            'rows-per-second': '50',
            'fields.sensor_id.kind': 'sequence',
            'fields.sensor_id.start': '1',
            'fields.sensor_id.end': '100',
            'fields.temperature.min': '10',
            'fields.temperature.max': '110',
          },
          columns: [
            { name: 'sensor_id', type: 'INT' },
            { name: 'temperature', type: 'DOUBLE' },
          ],
        },
      },
      {
        id: 'tag',
        kind: 'python',
        name: 'tag_hot',
        position: { x: 320, y: 0 },
        config: { mode: 'record', code: TAG_READING },
      },
      {
        id: 'print',
        kind: 'sink',
        name: 'printed',
        position: { x: 640, y: 0 },
        config: {
          connector: 'print',
          options: { 'print-identifier': 'sensor' },
          columns: [
            { name: 'sensor_id', type: 'INT' },
            { name: 'temperature', type: 'DOUBLE' },
            { name: 'hot', type: 'BOOLEAN' },
          ],
        },
      },
    ],
    edges: [
      { id: 'readings->tag', source: 'readings', target: 'tag' },
      { id: 'tag->print', source: 'tag', target: 'print' },
    ],
  },
  schedule: { cron: '*/5 * * * *', timezone: 'UTC', enabled: false },
};

/**
 * The example jobs, parsed (defaults applied):
 * - `jdbcPythonJdbc`: scheduled every minute, MySQL table -> record step -> MySQL upsert;
 * - `kafkaPythonJdbc`: real-time, Kafka JSON -> record step -> MySQL upsert;
 * - `datagenDemo`: scheduled (disabled), datagen -> record step -> print; needs no services.
 *
 * Each call returns fresh copies, so callers may modify them.
 *
 * @example
 * const job = exampleJobs().kafkaPythonJdbc;
 * validateDag(job).ok; // true
 */
export function exampleJobs(): { jdbcPythonJdbc: Job; kafkaPythonJdbc: Job; datagenDemo: Job } {
  return {
    jdbcPythonJdbc: jobSchema.parse(structuredClone(jdbcPythonJdbc)),
    kafkaPythonJdbc: jobSchema.parse(structuredClone(kafkaPythonJdbc)),
    datagenDemo: jobSchema.parse(structuredClone(datagenDemo)),
  };
}
