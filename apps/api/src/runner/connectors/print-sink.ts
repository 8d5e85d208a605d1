import { recordValueConverter, ValueError } from '../record-values.js';
import {
  type ConnectorContext,
  nodeError,
  option,
  type SinkWriter,
  type TableSpec,
  typedColumns,
} from './connector.js';

/**
 * `print` sink: each record to the run log as `[<print-identifier>> ]+I{json}` (Flink's `+I` insert
 * marker, the record as JSON of the declared columns, or all its fields when none are declared).
 * At most `printLimit` lines per run reach the log; the rest are counted in a closing line.
 */
export async function openPrintSink(spec: TableSpec, ctx: ConnectorContext): Promise<SinkWriter> {
  const identifier = option(spec, 'print-identifier');
  const prefix = identifier ? `${identifier}> ` : '';
  const level = (option(spec, 'standard-error') ?? 'false').toLowerCase() === 'true' ? 'warn' : 'info';
  const columns = typedColumns(spec, (m) => ctx.log('warn', m)).filter((c) => c.role === 'physical');
  const converters = columns.map((c) => recordValueConverter(c.type));
  let seen = 0;
  return {
    async write(records) {
      for (const record of records) {
        seen++;
        let shown: Record<string, unknown> = record;
        if (columns.length > 0) {
          shown = {};
          for (let i = 0; i < columns.length; i++) {
            const column = columns[i] as (typeof columns)[number];
            try {
              shown[column.name] = (converters[i] as (v: unknown) => unknown)(record[column.name]);
            } catch (err) {
              if (!(err instanceof ValueError)) throw err;
              throw nodeError(
                spec,
                `record ${seen}, column \`${column.name}\` (${column.type.root}): ${err.message}`,
              );
            }
          }
        }
        if (seen <= ctx.printLimit) ctx.log(level, `${prefix}+I${JSON.stringify(shown)}`, 'print');
      }
    },
    async commit() {
      if (seen > ctx.printLimit) {
        ctx.log(
          'info',
          `${prefix}${seen - ctx.printLimit} more records not printed (limit ${ctx.printLimit} per run)`,
          'print',
        );
      }
      ctx.log('info', `printed ${Math.min(seen, ctx.printLimit)} of ${seen} records`);
    },
    async abort() {},
  };
}
