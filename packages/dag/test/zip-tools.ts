/** Building and damaging zip archives for tests. */
import { zipSync } from 'fflate';

/** A zip of the given files (text or bytes), deflated. */
export function makeZip(files: Record<string, string | Uint8Array>, level: 0 | 6 = 6): Uint8Array {
  const enc = new TextEncoder();
  const input: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [name, content] of Object.entries(files))
    input[name] = [typeof content === 'string' ? enc.encode(content) : content, { level }];
  return zipSync(input);
}

/** Offsets of central directory entries by name. */
export function centralEntries(zip: Uint8Array): Map<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out = new Map<string, number>();
  for (let i = 0; i + 46 <= zip.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    out.set(new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength)), i);
  }
  return out;
}

/** Returns a copy with the central directory entry of `name` changed by `patch`. */
export function patchCentral(
  zip: Uint8Array,
  name: string,
  patch: (view: DataView, offset: number, bytes: Uint8Array) => void,
): Uint8Array {
  const copy = zip.slice();
  const offset = centralEntries(copy).get(name);
  if (offset === undefined) throw new Error(`no entry ${name}`);
  patch(new DataView(copy.buffer), offset, copy);
  return copy;
}

/** Field offsets inside a central directory entry. */
export const CENTRAL = { flags: 8, method: 10, crc: 16, compressedSize: 20, size: 24, name: 46 } as const;
