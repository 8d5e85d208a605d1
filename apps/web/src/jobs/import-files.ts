/**
 * Reads job files chosen for import, entirely in the browser with @sluice/dag: native JSON
 * documents and SREWorks job packages (zip). Every file gets its own result, so one broken file
 * never hides the others.
 */
import {
  type ImportIssue,
  importJobJson,
  importSreworksPackage,
  type Job,
  suggestJobName,
} from '@sluice/dag';

export interface ImportedFile {
  fileName: string;
  format: 'json' | 'sreworks' | 'unknown';
  /** The job, also when it has validation errors (the editor can fix them). */
  job?: Job;
  issues: ImportIssue[];
  /** A job was built and nothing is an error. */
  ok: boolean;
}

/** Larger files are refused before reading: a job document or package is far smaller. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function tooLarge(fileName: string): ImportedFile {
  return fail(fileName, 'unknown', `${fileName} is larger than 20 MiB: not a job document or package`);
}

function looksLikeZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

function fail(fileName: string, format: ImportedFile['format'], message: string): ImportedFile {
  return {
    fileName,
    format,
    ok: false,
    issues: [{ path: [], code: 'import.file', message, severity: 'error' }],
  };
}

/**
 * Parses one file by its content (a zip's magic number), not only by its extension.
 *
 * @example
 * parseImportFile('orders.json', new TextEncoder().encode(exportJobJson(job))); // { ok: true, job, format: 'json' }
 */
export function parseImportFile(fileName: string, bytes: Uint8Array): ImportedFile {
  if (bytes.byteLength > MAX_IMPORT_BYTES) return tooLarge(fileName);
  if (looksLikeZip(bytes)) {
    const base = fileName.replace(/\.zip$/i, '');
    const result = importSreworksPackage(bytes, { name: suggestJobName(base) });
    return { fileName, format: 'sreworks', ...result };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(fileName, 'unknown', `${fileName} is neither a zip package nor UTF-8 text`);
  }
  if (!/^\s*[{[]/.test(text)) {
    return fail(
      fileName,
      'unknown',
      `${fileName} is not JSON (a native job document) nor a zip (an SREWorks package)`,
    );
  }
  const result = importJobJson(text);
  return { fileName, format: 'json', ...result };
}

/** Reads the browser's File objects and parses each. */
export async function readImportFiles(files: readonly File[]): Promise<ImportedFile[]> {
  return Promise.all(
    files.map(async (file) => {
      if (file.size > MAX_IMPORT_BYTES) return tooLarge(file.name);
      return parseImportFile(file.name, new Uint8Array(await file.arrayBuffer()));
    }),
  );
}
