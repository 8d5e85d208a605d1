import { type FileHandle, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ConnectorContext,
  nodeError,
  type SinkWriter,
  type TableSpec,
  typedColumns,
} from './connector.js';
import { localPath } from './filesystem-path.js';
import { csvField, encoderFor, formatOptions } from './record-formats.js';

/** File-name-safe form of a run id or node name. */
function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80);
}

/**
 * `filesystem` sink: each run writes one new part file into the `path` directory, `json` (JSON
 * lines) or `csv` (with a header line, which the filesystem source expects). The file is written
 * under a hidden in-progress name, flushed to disk and renamed on success, so readers (and the
 * filesystem source, which skips hidden files) never see half a file; a failed run deletes it.
 */
export async function openFilesystemSink(spec: TableSpec, ctx: ConnectorContext): Promise<SinkWriter> {
  const opts = formatOptions(spec, ['format']);
  if (opts.format === 'raw') throw nodeError(spec, 'the filesystem sink writes `json` or `csv`');
  const columns = typedColumns(spec, (m) => ctx.log('warn', m)).filter((c) => c.role === 'physical');
  if (columns.length === 0) throw nodeError(spec, 'declares no columns to write');
  const encode = encoderFor(spec, columns, opts);
  const dir = await localPath(spec, ctx, false);
  try {
    await mkdir(dir, { recursive: true });
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
  } catch (err) {
    throw nodeError(
      spec,
      `path \`${dir}\` must be a directory the sink can write part files into (${(err as Error).message})`,
    );
  }
  const ext = opts.format === 'json' ? 'json' : 'csv';
  const name = `part-${safe(ctx.runId)}-${safe(spec.name)}.${ext}`;
  const finalPath = join(dir, name);
  const tmpPath = join(dir, `.${name}.inprogress`);
  let handle: FileHandle | undefined = await open(tmpPath, 'wx').catch((err: NodeJS.ErrnoException) => {
    throw nodeError(
      spec,
      err.code === 'EEXIST'
        ? `part file \`${tmpPath}\` already exists (another run with the same id is writing)`
        : `cannot create \`${tmpPath}\`: ${err.message}`,
    );
  });
  if (opts.format === 'csv') {
    await handle.write(
      `${columns.map((c) => csvField(c.name, opts.delimiter, opts.quote)).join(opts.delimiter)}\n`,
    );
  }
  let written = 0;

  const discard = async () => {
    const h = handle;
    handle = undefined;
    await h?.close().catch(() => {});
    await unlink(tmpPath).catch(() => {});
  };

  return {
    async write(records) {
      if (!handle) throw nodeError(spec, 'write after the part file was closed');
      let chunk = '';
      for (let i = 0; i < records.length; i++) {
        const line = encode(records[i] as Record<string, unknown>, () => `record ${written + i + 1}`);
        chunk += `${typeof line === 'string' ? line : line.toString('utf8')}\n`;
      }
      await handle.write(chunk);
      written += records.length;
    },
    async commit() {
      if (!handle) return;
      if (written === 0) {
        await discard();
        ctx.log('info', `no records: no part file written under \`${dir}\``);
        return;
      }
      const h = handle;
      handle = undefined;
      await h.sync();
      await h.close();
      if (await stat(finalPath).catch(() => undefined)) {
        await unlink(tmpPath).catch(() => {});
        throw nodeError(spec, `part file \`${finalPath}\` already exists; not overwriting it`);
      }
      await rename(tmpPath, finalPath);
      ctx.log('info', `wrote ${written} records to \`${finalPath}\``);
    },
    abort: discard,
  };
}
