import type { Readable } from 'node:stream';
import type { StepRecord } from '../python-step-host.js';
import { recordValueConverter, ValueError } from '../record-values.js';
import {
  type ConnectorContext,
  nodeError,
  requiredOption,
  type SourceReader,
  type TableSpec,
  typedColumns,
} from './connector.js';
import { describeMysqlError, openJdbcConnection } from './jdbc-connection.js';
import { quoteIdentifier } from './jdbc-url.js';

/**
 * `jdbc` source: `SELECT <declared columns> FROM <table-name>` streamed row by row. mysql2 pauses
 * the socket when the stream's buffer is full, so at most about one batch is held in memory.
 */
export async function openJdbcSource(spec: TableSpec, ctx: ConnectorContext): Promise<SourceReader> {
  const table = requiredOption(spec, 'table-name');
  const columns = typedColumns(spec, (m) => ctx.log('warn', m));
  const metadata = columns.find((c) => c.role !== 'physical');
  if (metadata) throw nodeError(spec, `the jdbc connector has no metadata column \`${metadata.name}\``);
  if (columns.length === 0) throw nodeError(spec, 'declares no columns to read');
  const sql = `SELECT ${columns.map((c) => quoteIdentifier(c.name)).join(', ')} FROM ${quoteIdentifier(table)}`;

  const db = await openJdbcConnection(spec, ctx.signal);
  try {
    // Fails now, before any other node reads a record, if the table or a column is missing.
    await db.run(`${sql} LIMIT 0`);
  } catch (err) {
    db.destroy();
    throw describeMysqlError(spec, db.target, err, table);
  }
  ctx.log('info', `reading \`${table}\` from ${db.target.display}`);

  const names = columns.map((c) => c.name);
  const converters = columns.map((c) => recordValueConverter(c.type));
  let stream: Readable | undefined;
  let closed = false;
  let drained = false;

  const toRecord = (row: unknown[], rowNumber: number): StepRecord => {
    const record: StepRecord = {};
    for (let i = 0; i < names.length; i++) {
      try {
        record[names[i] as string] = (converters[i] as (v: unknown) => unknown)(row[i]);
      } catch (err) {
        if (!(err instanceof ValueError)) throw err;
        throw nodeError(
          spec,
          `row ${rowNumber}, column \`${names[i]}\` (${columns[i]?.type.root}): ${err.message}`,
        );
      }
    }
    return record;
  };

  return {
    async *batches() {
      const rows = db.connection.query({ sql, rowsAsArray: true }).stream({ highWaterMark: ctx.batchSize });
      stream = rows;
      let batch: StepRecord[] = [];
      let rowNumber = 0;
      try {
        for await (const row of rows) {
          batch.push(toRecord(row as unknown[], ++rowNumber));
          if (batch.length >= ctx.batchSize) {
            yield batch;
            batch = [];
          }
        }
      } catch (err) {
        if (err instanceof Error && err.name === 'NodeError') throw err;
        if (closed || ctx.signal.aborted) return;
        throw describeMysqlError(spec, db.target, err, table);
      }
      drained = true;
      if (batch.length > 0) yield batch;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (drained) {
        await db.end();
        return;
      }
      // Mid-stream (cancel, failure elsewhere): drop the socket rather than drain the result set.
      stream?.destroy();
      db.destroy();
    },
  };
}
