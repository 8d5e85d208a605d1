import type { JobInput } from '@sluice/dag';
import { datagenSource, linearGraph, recordStep, tablelessSink } from '../../support/pipeline-nodes.js';

/** Job documents for the scheduled-jobs tests, on the test's own database and Kafka topics. */

export interface ScheduleInput {
  cron?: string;
  enabled?: boolean;
  overlap?: 'skip' | 'queue';
  catchUp?: 'none' | 'latest';
  retries?: { attempts: number; backoff?: { type: 'exponential' | 'fixed'; delayMs: number } };
  timeoutMs?: number;
  concurrency?: number;
}

export const DB_PASSWORD = 'sluice';

function schedule(input: ScheduleInput = {}): NonNullable<JobInput['schedule']> {
  return {
    cron: input.cron ?? '* * * * *',
    timezone: 'UTC',
    enabled: input.enabled ?? false,
    overlap: input.overlap ?? 'skip',
    catchUp: input.catchUp ?? 'none',
    retries: input.retries ?? { attempts: 0 },
    timeoutMs: input.timeoutMs ?? 60_000,
    concurrency: input.concurrency ?? 1,
  };
}

/** A table of the test's database on the local MariaDB, as the source or sink of a job. */
export function jdbcTable(database: string, table: string, columns: { name: string; type: string }[]) {
  return {
    connector: 'jdbc',
    options: {
      url: `jdbc:mysql://127.0.0.1:3306/${database}`,
      username: 'sluice',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Sluice parameter reference, not JS
      password: '${db_password}',
      'table-name': table,
    },
    columns,
  };
}

const dbPassword = {
  name: 'db_password',
  type: 'string' as const,
  secret: true,
  required: true,
  description: 'MariaDB password',
};

/** Reads `readings(id, sensor, celsius)` and upserts `readings_f(id, sensor, fahrenheit)`. */
export const CONVERT_CODE = `def open(ctx):
    ctx.log.info("convert starting")


def process(record, ctx):
    if record["sensor"] == "broken":
        return None
    print(f"converted reading {record['id']}")
    return {"id": record["id"], "sensor": record["sensor"], "fahrenheit": record["celsius"] * 9 / 5 + 32}
`;

export function jdbcPythonJdbc(opts: {
  name: string;
  database: string;
  source: string;
  sink: string;
  code?: string;
  schedule?: ScheduleInput;
  extraParameters?: JobInput['parameters'];
}): JobInput {
  return {
    name: opts.name,
    title: `${opts.name} (test)`,
    kind: 'scheduled',
    environment: 'default',
    parameters: [dbPassword, ...(opts.extraParameters ?? [])],
    graph: linearGraph(
      {
        id: 'src',
        kind: 'source',
        name: opts.source,
        config: jdbcTable(opts.database, opts.source, [
          { name: 'id', type: 'BIGINT' },
          { name: 'sensor', type: 'STRING' },
          { name: 'celsius', type: 'DOUBLE' },
        ]),
      },
      recordStep(opts.code ?? CONVERT_CODE, { name: 'convert' }),
      {
        id: 'out',
        kind: 'sink',
        name: opts.sink,
        config: {
          ...jdbcTable(opts.database, opts.sink, [
            { name: 'id', type: 'BIGINT NOT NULL' },
            { name: 'sensor', type: 'STRING' },
            { name: 'fahrenheit', type: 'DOUBLE' },
          ]),
          primaryKey: ['id'],
        },
      },
    ),
    schedule: schedule(opts.schedule),
  };
}

/** datagen -> python -> print: needs no table; `code` decides what the step does. */
export function datagenPythonPrint(opts: {
  name: string;
  code: string;
  rows?: number;
  schedule?: ScheduleInput;
  parameters?: JobInput['parameters'];
}): JobInput {
  return {
    name: opts.name,
    kind: 'scheduled',
    environment: 'default',
    parameters: opts.parameters ?? [],
    graph: linearGraph(
      datagenSource({ rows: opts.rows ?? 5 }),
      recordStep(opts.code),
      tablelessSink('print'),
    ),
    schedule: schedule(opts.schedule),
  };
}

/** kafka (bounded: earliest to the end offsets at start) -> python -> print. */
export function kafkaPythonPrint(opts: {
  name: string;
  topic: string;
  brokers: string;
  schedule?: ScheduleInput;
}): JobInput {
  return {
    name: opts.name,
    kind: 'scheduled',
    environment: 'default',
    graph: linearGraph(
      {
        id: 'events',
        kind: 'source',
        name: 'events',
        config: {
          connector: 'kafka',
          options: {
            topic: opts.topic,
            'properties.bootstrap.servers': opts.brokers,
            'scan.startup.mode': 'earliest-offset',
            'scan.bounded.mode': 'latest-offset',
            format: 'json',
          },
          columns: [{ name: 'n', type: 'BIGINT' }],
        },
      },
      recordStep(),
      tablelessSink('print'),
    ),
    schedule: schedule(opts.schedule),
  };
}
