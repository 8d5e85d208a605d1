import { escape as escapeSql, type SqlValue } from 'mysql2';
import type { StepRecord } from '../python-step-host.js';
import { sqlValueConverter, ValueError } from '../record-values.js';
import {
  type ConnectorContext,
  intOption,
  nodeError,
  requiredOption,
  type SinkWriter,
  type TableSpec,
  typedColumns,
} from './connector.js';
import { describeMysqlError, openJdbcConnection } from './jdbc-connection.js';
import { quoteIdentifier } from './jdbc-url.js';

/**
 * Rows per INSERT when `sink.buffer-flush.max-rows` is not set. Flink's own default (100) suits a
 * stream flushed every second; a batch run is bulk work and 1000-row statements go ~5x faster.
 */
const DEFAULT_MAX_ROWS = 1000;
/** Statements are cut before this many characters, well under MariaDB's 16 MiB `max_allowed_packet`. */
const MAX_STATEMENT_CHARS = 4 * 1024 * 1024;

/**
 * `jdbc` sink: multi-row `INSERT`, or an upsert (`INSERT ... ON DUPLICATE KEY UPDATE`) when the node
 * declares a primary key, as Flink's JDBC sink does. Each statement commits on its own (Flink's
 * at-least-once): a failed run may leave the rows written before the failure, and a rerun of an
 * upsert sink converges to the same table.
 */
export async function openJdbcSink(spec: TableSpec, ctx: ConnectorContext): Promise<SinkWriter> {
  const table = requiredOption(spec, 'table-name');
  const maxRows = intOption(spec, 'sink.buffer-flush.max-rows', DEFAULT_MAX_ROWS) || DEFAULT_MAX_ROWS;
  const columns = typedColumns(spec, (m) => ctx.log('warn', m)).filter((c) => c.role === 'physical');
  if (columns.length === 0) throw nodeError(spec, 'declares no columns to write');
  const names = columns.map((c) => c.name);
  for (const key of spec.primaryKey) {
    if (!names.includes(key)) throw nodeError(spec, `primary key column \`${key}\` is not a declared column`);
  }
  const quoted = names.map(quoteIdentifier);
  const head = `INSERT INTO ${quoteIdentifier(table)} (${quoted.join(', ')}) VALUES `;
  const updates = names.filter((n) => !spec.primaryKey.includes(n));
  // With every column in the key there is nothing to update; assigning the key to itself keeps
  // the statement valid and makes a duplicate a no-op.
  const tail =
    spec.primaryKey.length === 0
      ? ''
      : ` ON DUPLICATE KEY UPDATE ${(updates.length > 0 ? updates : names)
          .map((n) => `${quoteIdentifier(n)} = VALUES(${quoteIdentifier(n)})`)
          .join(', ')}`;
  const converters = columns.map((c) => sqlValueConverter(c.type));

  const db = await openJdbcConnection(spec, ctx.signal);
  try {
    await db.run(`SELECT ${quoted.join(', ')} FROM ${quoteIdentifier(table)} LIMIT 0`);
  } catch (err) {
    db.destroy();
    throw describeMysqlError(spec, db.target, err, table);
  }
  ctx.log(
    'info',
    `writing to \`${table}\` at ${db.target.display} (${spec.primaryKey.length > 0 ? `upsert on ${spec.primaryKey.join(', ')}` : 'insert'}, ${maxRows} rows per statement)`,
  );

  let pending: string[] = [];
  let pendingChars = 0;
  let written = 0;
  let warnedExtra = false;
  let finished = false;

  const flush = async () => {
    if (pending.length === 0) return;
    const sql = head + pending.join(',') + tail;
    const rows = pending.length;
    pending = [];
    pendingChars = 0;
    try {
      await db.run(sql);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      throw describeMysqlError(spec, db.target, err, table);
    }
    written += rows;
  };

  const tuple = (record: StepRecord, index: number): string => {
    let out = '(';
    for (let i = 0; i < names.length; i++) {
      let value: unknown;
      try {
        value = (converters[i] as (v: unknown) => unknown)(record[names[i] as string]);
      } catch (err) {
        if (!(err instanceof ValueError)) throw err;
        throw nodeError(
          spec,
          `record ${written + pending.length + index + 1}, column \`${names[i]}\` (${columns[i]?.type.root}): ${err.message}`,
        );
      }
      out += (i === 0 ? '' : ',') + escapeSql(value as SqlValue);
    }
    return `${out})`;
  };

  return {
    async write(records) {
      if (!warnedExtra && records.length > 0) {
        warnedExtra = true;
        const extra = Object.keys(records[0] as StepRecord).filter((k) => !names.includes(k));
        if (extra.length > 0) {
          ctx.log('info', `record fields not in the sink's columns are not written: ${extra.join(', ')}`);
        }
      }
      for (const record of records) {
        const text = tuple(record, 0);
        if (pendingChars + text.length > MAX_STATEMENT_CHARS) await flush();
        pending.push(text);
        pendingChars += text.length + 1;
        if (pending.length >= maxRows) await flush();
      }
    },
    async commit() {
      await flush();
      finished = true;
      await db.end();
      ctx.log('info', `wrote ${written} rows to \`${table}\``);
    },
    async abort() {
      if (finished) return;
      finished = true;
      db.destroy();
    },
  };
}
