import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as csvStream } from 'csv-parse';
import type { StepRecord } from '../python-step-host.js';
import { recordValueConverter, ValueError } from '../record-values.js';
import {
  type ConnectorContext,
  nodeError,
  type SourceReader,
  type TableSpec,
  type TypedColumn,
  typedColumns,
} from './connector.js';
import { localPath } from './filesystem-path.js';
import { decoderFor, type FormatOptions, formatOptions } from './record-formats.js';

const FILE_METADATA = ['file.path', 'file.name', 'file.size', 'file.modification-time'];

/** Hidden and in-progress files (`.x`, `_x`) are skipped, as Flink's file source does. */
function isHidden(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_');
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (isHidden(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * `filesystem` source: `path` is one file or a directory (read recursively, files in name order).
 * `format` `json` reads JSON lines; `csv` reads CSV whose first line is a header naming the
 * columns (fields may span lines inside quotes). Files are streamed, never loaded whole.
 */
export async function openFilesystemSource(spec: TableSpec, ctx: ConnectorContext): Promise<SourceReader> {
  const columns = typedColumns(spec, (m) => ctx.log('warn', m));
  for (const meta of columns.filter((c) => c.role === 'metadata')) {
    if (!FILE_METADATA.includes(meta.key as string)) {
      throw nodeError(
        spec,
        `metadata column \`${meta.name}\`: the filesystem connector offers ${FILE_METADATA.join(', ')}`,
      );
    }
  }
  const opts = formatOptions(spec, ['format']);
  if (opts.format === 'raw') throw nodeError(spec, 'the filesystem source reads `json` or `csv`');
  const path = await localPath(spec, ctx, true);
  const info = await stat(path);
  const files = info.isDirectory() ? await listFiles(path) : [path];
  ctx.log('info', `reading ${files.length} file(s) under \`${path}\` as ${opts.format}`);

  const abort = new AbortController();
  const onAbort = () => abort.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });

  return {
    async *batches() {
      let batch: StepRecord[] = [];
      for (const path of files) {
        const info = await stat(path);
        const file: FileInfo = { path, size: info.size, modified: info.mtime };
        const records =
          opts.format === 'json'
            ? jsonLines(spec, file, columns, opts, abort.signal)
            : csvRows(spec, file, columns, opts, abort.signal);
        for await (const record of records) {
          batch.push(record);
          if (batch.length >= ctx.batchSize) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length > 0) yield batch;
    },
    async close() {
      ctx.signal.removeEventListener('abort', onAbort);
      abort.abort();
    },
  };
}

interface FileInfo {
  path: string;
  size: number;
  modified: Date;
}

function withFileMeta(record: StepRecord, columns: readonly TypedColumn[], file: FileInfo): StepRecord {
  for (const c of columns) {
    if (c.key === 'file.path') record[c.name] = file.path;
    else if (c.key === 'file.name') record[c.name] = basename(file.path);
    else if (c.key === 'file.size') record[c.name] = file.size;
    else if (c.key === 'file.modification-time') record[c.name] = file.modified.toISOString();
  }
  return record;
}

async function* jsonLines(
  spec: TableSpec,
  fileInfo: FileInfo,
  columns: readonly TypedColumn[],
  opts: FormatOptions,
  signal: AbortSignal,
): AsyncGenerator<StepRecord> {
  const physical = columns.filter((c) => c.role === 'physical');
  const meta = columns.filter((c) => c.role === 'metadata');
  const decode = decoderFor(spec, physical, opts);
  const file = fileInfo.path;
  const input = createReadStream(file, { encoding: 'utf8', signal });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      const record = decode(line, () => `${file}:${n}`);
      if (record !== null) yield withFileMeta(record, meta, fileInfo);
    }
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    throw err;
  } finally {
    lines.close();
    input.destroy();
  }
}

async function* csvRows(
  spec: TableSpec,
  fileInfo: FileInfo,
  columns: readonly TypedColumn[],
  opts: FormatOptions,
  signal: AbortSignal,
): AsyncGenerator<StepRecord> {
  const physical = columns.filter((c) => c.role === 'physical');
  const meta = columns.filter((c) => c.role === 'metadata');
  const convert = physical.map((c) => recordValueConverter(c.type));
  const file = fileInfo.path;
  const input = createReadStream(file, { signal });
  const parser = input.pipe(
    csvStream({
      delimiter: opts.delimiter,
      quote: opts.quote,
      relax_column_count: true,
      bom: true,
      info: true,
    }),
  );
  let index: number[] | undefined;
  try {
    for await (const row of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = row.record;
      if (!index) {
        const header = cells.map((h) => h.trim());
        index = physical.map((c) => header.indexOf(c.name));
        const missing = physical.filter((_, i) => index?.[i] === -1).map((c) => `\`${c.name}\``);
        if (missing.length > 0) {
          throw nodeError(
            spec,
            `${file}: the CSV header has no column ${missing.join(', ')} (header: ${header.join(', ')})`,
          );
        }
        continue;
      }
      const record: StepRecord = {};
      for (let i = 0; i < physical.length; i++) {
        const column = physical[i] as TypedColumn;
        const cell = cells[index[i] as number];
        const value =
          cell === undefined || cell === opts.nullLiteral || (cell === '' && column.type.family !== 'string')
            ? null
            : cell;
        try {
          record[column.name] = (convert[i] as (v: unknown) => unknown)(value);
        } catch (err) {
          if (!(err instanceof ValueError)) throw err;
          if (opts.ignoreParseErrors) record[column.name] = null;
          else
            throw nodeError(
              spec,
              `${file}:${row.info.lines}, column \`${column.name}\` (${column.type.root}): ${err.message}`,
            );
        }
      }
      yield withFileMeta(record, meta, fileInfo);
    }
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    if ((err as Error).name === 'NodeError') throw err;
    throw nodeError(spec, `${file}: not valid CSV (${(err as Error).message})`, err);
  } finally {
    input.destroy();
  }
}
