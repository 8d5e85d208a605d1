/**
 * Builders for test jobs: a small valid job of each kind that tests then break in one place.
 */
import type { JobInput } from '../src/model/job.schema.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type AnyJob = Mutable<JobInput> & Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: tests reach into nested input shapes freely.
export type Loose = any;

/** datagen -> record step -> print, scheduled every 5 minutes. Valid. */
export function scheduledJob(): AnyJob {
  return {
    name: 'demo',
    title: 'Demo',
    kind: 'scheduled',
    parameters: [],
    graph: {
      nodes: [
        {
          id: 'src',
          kind: 'source',
          name: 'readings',
          position: { x: 0, y: 0 },
          config: {
            connector: 'datagen',
            options: { 'number-of-rows': '10' },
            columns: [
              { name: 'id', type: 'INT' },
              { name: 'ts', type: 'TIMESTAMP(3)' },
            ],
          },
        },
        {
          id: 'py',
          kind: 'python',
          name: 'step',
          position: { x: 1, y: 0 },
          config: { mode: 'record', code: 'def process(record, ctx):\n    return record\n' },
        },
        {
          id: 'out',
          kind: 'sink',
          name: 'printed',
          position: { x: 2, y: 0 },
          config: { connector: 'print', options: {}, columns: [{ name: 'id', type: 'INT' }] },
        },
      ],
      edges: [
        { id: 'e1', source: 'src', target: 'py' },
        { id: 'e2', source: 'py', target: 'out' },
      ],
    },
    schedule: { cron: '*/5 * * * *', timezone: 'UTC' },
  };
}

/** kafka -> record step -> jdbc, real-time. Valid. */
export function realtimeJob(): AnyJob {
  return {
    name: 'stream',
    kind: 'realtime',
    parameters: [{ name: 'db_password', secret: true, required: true }],
    graph: {
      nodes: [
        {
          id: 'src',
          kind: 'source',
          name: 'events',
          config: {
            connector: 'kafka',
            options: { topic: 'events', 'properties.bootstrap.servers': '127.0.0.1:9092', format: 'json' },
            columns: [
              { name: 'id', type: 'STRING' },
              { name: 'ts', type: 'TIMESTAMP(3)' },
            ],
          },
        },
        {
          id: 'py',
          kind: 'python',
          name: 'step',
          config: { code: 'def process(record, ctx):\n    return record\n' },
        },
        {
          id: 'out',
          kind: 'sink',
          name: 'stored',
          config: {
            connector: 'jdbc',
            options: {
              url: 'jdbc:mysql://127.0.0.1:3306/sluice',
              'table-name': 'events',
              username: 'sluice',
              password: '${db_password}',
            },
            columns: [{ name: 'id', type: 'STRING NOT NULL' }],
            primaryKey: ['id'],
          },
        },
      ],
      edges: [
        { source: 'src', target: 'py' },
        { source: 'py', target: 'out' },
      ],
    },
    realtime: { checkpointIntervalMs: 10_000 },
  };
}

/** The node with this id, for in-place edits. */
export function node(job: AnyJob, id: string): Loose {
  const n = (job.graph as Loose).nodes.find((x: Loose) => x.id === id);
  if (n === undefined) throw new Error(`no node ${id}`);
  return n;
}
