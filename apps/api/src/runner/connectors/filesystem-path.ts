import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ConnectorContext, nodeError, requiredOption, type TableSpec } from './connector.js';

/**
 * The local path of a filesystem node's `path` option (`/data/in` or `file:///data/in`). Other
 * schemes (s3://, hdfs://) need Flink's file systems and are refused with a clear message. With
 * `filesystemRoots` set, the path (after resolving symlinks) must lie under one of them.
 */
export async function localPath(spec: TableSpec, ctx: ConnectorContext, mustExist: boolean): Promise<string> {
  const raw = requiredOption(spec, 'path').trim();
  let path: string;
  if (/^file:/i.test(raw)) {
    try {
      path = fileURLToPath(raw);
    } catch (err) {
      throw nodeError(spec, `option \`path\`: ${(err as Error).message}`);
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    const scheme = raw.slice(0, raw.indexOf(':'));
    throw nodeError(
      spec,
      `option \`path\`: the \`${scheme}\` file system is not available to batch runs (use a local path)`,
    );
  } else {
    path = raw;
  }
  if (!isAbsolute(path)) throw nodeError(spec, `option \`path\` must be an absolute path (got \`${raw}\`)`);
  path = resolve(path);
  let real = path;
  try {
    real = await realpath(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw nodeError(spec, `path \`${path}\`: ${(err as Error).message}`);
    if (mustExist) throw nodeError(spec, `path \`${path}\` does not exist`);
  }
  if (ctx.filesystemRoots && ctx.filesystemRoots.length > 0) {
    const inside = ctx.filesystemRoots.some((root) => {
      const rel = relative(resolve(root), real);
      return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
    });
    if (!inside) {
      throw nodeError(
        spec,
        `path \`${path}\` is outside the directories batch runs may use (${ctx.filesystemRoots.join(', ')})`,
      );
    }
  }
  return real;
}
