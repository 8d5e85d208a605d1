/**
 * A defensive zip reader for uploaded job packages. It reads the central directory itself (so
 * that nothing is inflated before its name and sizes are checked) and uses fflate only to inflate
 * one entry at a time, counting output as it goes. Refused: path traversal (`..`), absolute
 * paths, drive letters, backslashes, control characters, duplicate names, encryption, ZIP64,
 * unknown compression, too many entries, entries or totals above the limits, sizes or checksums
 * that do not match (corrupt files and zip bombs). Each refused entry is reported by name; the
 * rest of the archive is still read.
 */
import { Inflate } from 'fflate';
import { crc32 } from './crc32.js';

export interface UnzipLimits {
  /** Largest archive accepted, in bytes. */
  maxZipBytes: number;
  /** Most entries (files and directories) accepted. */
  maxEntries: number;
  /** Largest uncompressed entry, in bytes. */
  maxEntryBytes: number;
  /** Largest uncompressed total, in bytes. */
  maxTotalBytes: number;
}

/** Limits sized for job packages: a few dozen small text files. */
export const DEFAULT_UNZIP_LIMITS: UnzipLimits = {
  maxZipBytes: 20 * 1024 * 1024,
  maxEntries: 1_000,
  maxEntryBytes: 5 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
};

export interface UnzipProblem {
  /** The entry's name as stored in the archive, when the problem concerns one entry. */
  file?: string;
  code: string;
  message: string;
}

export interface UnzipResult {
  /** Files that passed every check, by path (directories are not listed). */
  files: Map<string, Uint8Array>;
  problems: UnzipProblem[];
  /** True when the archive as a whole could not be read. */
  fatal: boolean;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
// Small input chunks bound how much one push can inflate before the limit check runs (deflate
// expands at most ~1032:1, so 4 KiB in means at most ~4 MiB out).
const CHUNK = 4 * 1024;

class Abort extends Error {}

/**
 * Reads a zip archive under limits. Never throws for bad input: problems are returned.
 *
 * @example
 * const { files, problems } = safeUnzip(bytes);
 * files.get('settings.json'); // Uint8Array, or undefined when missing or refused (see problems)
 */
export function safeUnzip(bytes: Uint8Array, limits: UnzipLimits = DEFAULT_UNZIP_LIMITS): UnzipResult {
  const files = new Map<string, Uint8Array>();
  const problems: UnzipProblem[] = [];
  const fail = (code: string, message: string): UnzipResult => {
    problems.push({ code, message });
    return { files, problems, fatal: true };
  };
  if (bytes.length > limits.maxZipBytes) {
    return fail('zip.too-large', `The archive is ${bytes.length} bytes; the limit is ${limits.maxZipBytes}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0)
    return fail('zip.not-a-zip', 'The file is not a zip archive (no end-of-central-directory record found)');
  const disk = view.getUint16(eocd + 4, true);
  const cdDisk = view.getUint16(eocd + 6, true);
  const total = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (disk !== 0 || cdDisk !== 0)
    return fail('zip.multi-disk', 'Split (multi-volume) archives are not supported');
  if (total === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    return fail('zip.zip64', 'ZIP64 archives are not supported; job packages are small');
  }
  if (total > limits.maxEntries) {
    return fail(
      'zip.too-many-entries',
      `The archive has ${total} entries; the limit is ${limits.maxEntries}`,
    );
  }
  if (cdOffset + cdSize > eocd) return fail('zip.corrupt', 'The central directory lies outside the archive');

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const seen = new Set<string>();
  let declaredTotal = 0;
  let actualTotal = 0;
  let p = cdOffset;
  for (let n = 0; n < total; n++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL) {
      return fail('zip.corrupt', `Central directory entry ${n + 1} is damaged`);
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (p > eocd) return fail('zip.corrupt', `Central directory entry ${n + 1} is damaged`);

    let name: string;
    try {
      name = decoder.decode(nameBytes);
    } catch {
      problems.push({
        code: 'zip.bad-name',
        message: `Entry ${n + 1} has a file name that is not valid UTF-8; it was skipped`,
      });
      continue;
    }
    const refuse = (code: string, message: string) =>
      problems.push({ file: name, code, message: `${name}: ${message}` });
    const pathProblem = checkEntryPath(name);
    if (pathProblem !== undefined) {
      refuse('zip.unsafe-path', pathProblem);
      continue;
    }
    if (name.endsWith('/')) continue;
    if (seen.has(name)) {
      refuse('zip.duplicate', 'the archive contains this file twice; it is ambiguous which one to use');
      continue;
    }
    seen.add(name);
    if (flags & 1) {
      refuse('zip.encrypted', 'encrypted files are not supported');
      continue;
    }
    if (method !== 0 && method !== 8) {
      refuse('zip.method', `compression method ${method} is not supported (only stored and deflate)`);
      continue;
    }
    if (size === 0xffffffff || compressedSize === 0xffffffff) {
      refuse('zip.zip64', 'ZIP64 entries are not supported');
      continue;
    }
    if (size > limits.maxEntryBytes) {
      refuse(
        'zip.entry-too-large',
        `it unpacks to ${size} bytes; the limit per file is ${limits.maxEntryBytes}`,
      );
      continue;
    }
    declaredTotal += size;
    if (declaredTotal > limits.maxTotalBytes) {
      refuse(
        'zip.total-too-large',
        `the files unpack to more than ${limits.maxTotalBytes} bytes in total; this and later files were skipped`,
      );
      break;
    }
    if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== LOCAL) {
      refuse('zip.corrupt', 'its local header is missing or damaged');
      continue;
    }
    const dataStart =
      localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataStart + compressedSize > bytes.length) {
      refuse('zip.corrupt', 'its data runs past the end of the archive');
      continue;
    }
    const compressed = bytes.subarray(dataStart, dataStart + compressedSize);
    let data: Uint8Array;
    if (method === 0) {
      if (compressedSize !== size) {
        refuse('zip.corrupt', 'stored size and declared size differ');
        continue;
      }
      data = compressed.slice();
    } else {
      const inflated = inflateBounded(compressed, size);
      if (typeof inflated === 'string') {
        refuse(
          inflated === 'too-long' ? 'zip.size-mismatch' : 'zip.corrupt',
          inflated === 'too-long'
            ? 'it unpacks to more bytes than its header declares (a corrupt file or a zip bomb)'
            : inflated,
        );
        continue;
      }
      data = inflated;
    }
    if (data.length !== size) {
      refuse('zip.size-mismatch', `it unpacks to ${data.length} bytes but its header declares ${size}`);
      continue;
    }
    if (crc32(data) !== crc) {
      refuse('zip.checksum', 'its checksum does not match: the file is corrupt');
      continue;
    }
    actualTotal += data.length;
    if (actualTotal > limits.maxTotalBytes) {
      refuse('zip.total-too-large', `the files unpack to more than ${limits.maxTotalBytes} bytes in total`);
      break;
    }
    files.set(name, data);
  }
  return { files, problems, fatal: false };
}

/**
 * Why an entry name is unsafe to use as a path, or undefined when it is fine.
 *
 * @example
 * checkEntryPath('../etc/passwd'); // 'its path leaves the package ("..")'
 */
export function checkEntryPath(name: string): string | undefined {
  if (name.length === 0) return 'the file name is empty';
  if (/\p{Cc}/u.test(name)) return 'the file name contains control characters';
  if (name.includes('\\')) return 'the path uses backslashes; zip paths use "/"';
  if (name.startsWith('/')) return 'the path is absolute';
  if (/^[A-Za-z]:/.test(name)) return 'the path starts with a drive letter';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.includes('..')) return 'its path leaves the package ("..")';
  if (segments.some((s) => s === '' || s === '.')) return 'the path has empty or "." segments';
  return undefined;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65535 bytes, at the very end.
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= min; i--) {
    if (view.getUint32(i, true) === EOCD && i + 22 + view.getUint16(i + 20, true) === view.byteLength)
      return i;
  }
  return -1;
}

/** Inflates at most `limit` bytes; returns 'too-long' past it, or an error message. */
function inflateBounded(compressed: Uint8Array, limit: number): Uint8Array | string {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLong = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > limit) {
      tooLong = true;
      throw new Abort();
    }
    chunks.push(chunk);
  });
  try {
    for (let i = 0; i < compressed.length; i += CHUNK) {
      const end = Math.min(i + CHUNK, compressed.length);
      inflater.push(compressed.subarray(i, end), end === compressed.length);
    }
    if (compressed.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (e) {
    if (tooLong || e instanceof Abort) return 'too-long';
    return `its compressed data is damaged (${e instanceof Error ? e.message : String(e)})`;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
