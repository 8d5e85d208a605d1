import type { JobInput } from '@sluice/dag';

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

function jdbcOptions(database: string, table: string): Record<string, string> {
  return {
    url: `jdbc:mysql://127.0.0.1:3306/${database}`,
    username: 'sluice',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Sluice parameter reference, not JS
    password: '${db_password}',
    'table-name': table,
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
    graph: {
      nodes: [
        {
          id: 'src',
          kind: 'source',
          name: opts.source,
          config: {
            connector: 'jdbc',
            options: jdbcOptions(opts.database, opts.source),
            columns: [
              { name: 'id', type: 'BIGINT' },
              { name: 'sensor', type: 'STRING' },
              { name: 'celsius', type: 'DOUBLE' },
            ],
          },
        },
        {
          id: 'step',
          kind: 'python',
          name: 'convert',
          config: { mode: 'record', code: opts.code ?? CONVERT_CODE },
        },
        {
          id: 'out',
          kind: 'sink',
          name: opts.sink,
          config: {
            connector: 'jdbc',
            options: jdbcOptions(opts.database, opts.sink),
            columns: [
              { name: 'id', type: 'BIGINT NOT NULL' },
              { name: 'sensor', type: 'STRING' },
              { name: 'fahrenheit', type: 'DOUBLE' },
            ],
            primaryKey: ['id'],
          },
        },
      ],
      edges: [
        { source: 'src', target: 'step' },
        { source: 'step', target: 'out' },
      ],
    },
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
    graph: {
      nodes: [
        {
          id: 'gen',
          kind: 'source',
          name: 'gen',
          config: {
            connector: 'datagen',
            options: {
              'number-of-rows': String(opts.rows ?? 5),
              'fields.n.kind': 'sequence',
              'fields.n.start': '1',
              'fields.n.end': String(opts.rows ?? 5),
            },
            columns: [{ name: 'n', type: 'BIGINT' }],
          },
        },
        { id: 'step', kind: 'python', name: 'step', config: { mode: 'record', code: opts.code } },
        {
          id: 'out',
          kind: 'sink',
          name: 'out',
          config: { connector: 'print', options: {}, columns: [{ name: 'n', type: 'BIGINT' }] },
        },
      ],
      edges: [
        { source: 'gen', target: 'step' },
        { source: 'step', target: 'out' },
      ],
    },
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
    graph: {
      nodes: [
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
        {
          id: 'step',
          kind: 'python',
          name: 'step',
          config: { mode: 'record', code: 'def process(r, ctx):\n    return r\n' },
        },
        {
          id: 'out',
          kind: 'sink',
          name: 'out',
          config: { connector: 'print', options: {}, columns: [{ name: 'n', type: 'BIGINT' }] },
        },
      ],
      edges: [
        { source: 'events', target: 'step' },
        { source: 'step', target: 'out' },
      ],
    },
    schedule: schedule(opts.schedule),
  };
}
