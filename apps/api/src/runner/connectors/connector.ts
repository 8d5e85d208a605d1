import { type ColumnType, parseColumnType } from '../flink-types.js';
import type { StepRecord } from '../python-step-host.js';
import type { RunLogLevel } from '../run-context.js';
import type { RunnableColumn } from '../runnable-job.js';

/** A source or sink node as a connector sees it: options already resolved, never logged raw. */
export interface TableSpec {
  nodeId: string;
  /** Node name (the Flink table name); used in every message about this node. */
  name: string;
  kind: 'source' | 'sink';
  connector: string;
  /** Resolved option values: may hold secrets. Show only `redactOptions(options, secretKeys)`. */
  options: Readonly<Record<string, string>>;
  columns: readonly RunnableColumn[];
  primaryKey: readonly string[];
}

export interface ConnectorContext {
  runId: string;
  jobName: string;
  /** Aborted when the run is cancelled or another node failed: stop promptly. */
  signal: AbortSignal;
  batchSize: number;
  /** Writes to the run log under this node, secrets already scrubbed. */
  log: (level: RunLogLevel, message: string, stream?: 'runner' | 'print') => void;
  printLimit: number;
  filesystemRoots?: readonly string[];
  kafkaClientId: string;
}

/**
 * Reads one bounded source in batches. The runner pulls the next batch only after the previous
 * one was handed on, so a reader must not read ahead more than about one batch.
 */
export interface SourceReader {
  batches(): AsyncIterable<StepRecord[]>;
  /** Called once every sink committed: acknowledge what was read (Kafka commits offsets). */
  commit?(): Promise<void>;
  /** Releases everything; safe to call twice and while `batches()` is being iterated. */
  close(): Promise<void>;
}

/** Writes batches to one sink; data becomes final in `commit` where the connector allows it. */
export interface SinkWriter {
  write(records: StepRecord[]): Promise<void>;
  /** The run succeeded: flush and make the output visible (rename the part file, flush producers). */
  commit(): Promise<void>;
  /** The run failed or was cancelled: discard what can be discarded and release everything. */
  abort(): Promise<void>;
}

export interface Connector {
  /** Catalog connector name. */
  name: string;
  openSource?(spec: TableSpec, ctx: ConnectorContext): Promise<SourceReader>;
  openSink?(spec: TableSpec, ctx: ConnectorContext): Promise<SinkWriter>;
}

/** A failure attributable to one node; the message already names it (`source 'orders': ...`). */
export class NodeError extends Error {
  override name = 'NodeError';
  constructor(
    readonly node: string,
    message: string,
    readonly traceback?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `source 'orders'` / `sink 'out'`: how messages name a table node. */
export function label(spec: Pick<TableSpec, 'kind' | 'name'>): string {
  return `${spec.kind} '${spec.name}'`;
}

export function nodeError(
  spec: Pick<TableSpec, 'kind' | 'name'>,
  message: string,
  cause?: unknown,
): NodeError {
  return new NodeError(spec.name, `${label(spec)}: ${message}`, undefined, { cause });
}

export type ColumnRole = 'physical' | 'metadata' | 'computed';

/** `kind` as `@sluice/dag` declares it; a column without `kind` is physical. */
export function columnRole(column: RunnableColumn): ColumnRole {
  if (column.kind === 'computed' || column.expression !== undefined) return 'computed';
  if (column.kind === 'metadata') return 'metadata';
  return 'physical';
}

export interface TypedColumn {
  name: string;
  type: ColumnType;
  role: ColumnRole;
  /** Metadata key for metadata columns. */
  key?: string;
  virtual: boolean;
}

/** Columns with parsed types; computed columns are dropped with a warning (Flink SQL expressions). */
export function typedColumns(spec: TableSpec, warn?: (message: string) => void): TypedColumn[] {
  const out: TypedColumn[] = [];
  for (const column of spec.columns) {
    const role = columnRole(column);
    if (role === 'computed') {
      warn?.(
        `computed column \`${column.name}\` is a Flink SQL expression; batch runs leave it out (compute it in a python step)`,
      );
      continue;
    }
    let type: ColumnType;
    try {
      type = parseColumnType(column.type ?? '');
    } catch (err) {
      throw nodeError(spec, `column \`${column.name}\`: ${(err as Error).message}`);
    }
    out.push({
      name: column.name,
      type,
      role,
      key: role === 'metadata' ? (column.key ?? column.name) : undefined,
      virtual: column.virtual === true,
    });
  }
  return out;
}

/** Reads an option, with a default. */
export function option(spec: TableSpec, key: string, fallback?: string): string | undefined {
  const value = spec.options[key];
  return value === undefined || value === '' ? fallback : value;
}

export function requiredOption(spec: TableSpec, key: string): string {
  const value = option(spec, key);
  if (value === undefined) throw nodeError(spec, `option \`${key}\` is required`);
  return value;
}

export function intOption(spec: TableSpec, key: string, fallback: number, min = 0): number {
  const raw = option(spec, key);
  if (raw === undefined) return fallback;
  const n = Number(raw.trim());
  if (!Number.isSafeInteger(n) || n < min) {
    throw nodeError(spec, `option \`${key}\` must be an integer ≥ ${min} (got ${JSON.stringify(raw)})`);
  }
  return n;
}

export function enumOption<T extends string>(
  spec: TableSpec,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = option(spec, key);
  if (raw === undefined) return fallback;
  const value = raw.trim().toLowerCase() as T;
  if (!allowed.includes(value)) {
    throw nodeError(
      spec,
      `option \`${key}\` must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw)})`,
    );
  }
  return value;
}

/** Groups an async stream of records into arrays of `size`, never holding more than one batch. */
export async function* batched<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
