import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CENTRAL, makeZip, patchCentral } from '../../test/zip-tools.js';
import { checkEntryPath, safeUnzip } from './safe-unzip.js';

const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

describe('safeUnzip', () => {
  it('reads stored and deflated files', () => {
    for (const level of [0, 6] as const) {
      const { files, problems, fatal } = safeUnzip(
        makeZip({ 'settings.json': '{}', 'pythons/a.py': 'x = 1\n' }, level),
      );
      expect(fatal).toBe(false);
      expect(problems).toEqual([]);
      expect(text(files.get('pythons/a.py'))).toBe('x = 1\n');
    }
  });

  it.each([
    ['../evil.py', 'its path leaves the package ("..")'],
    ['sources/../../evil.json', 'its path leaves the package ("..")'],
    ['/etc/passwd', 'the path is absolute'],
    ['C:/Windows/x.py', 'the path starts with a drive letter'],
    ['pythons\\a.py', 'the path uses backslashes; zip paths use "/"'],
    ['a//b.py', 'the path has empty or "." segments'],
    ['./a.py', 'the path has empty or "." segments'],
    ['a\u0000b', 'the file name contains control characters'],
  ])('refuses the unsafe path %j and reads the rest', (name, reason) => {
    const { files, problems } = safeUnzip(makeZip({ [name]: 'bad', 'settings.json': '{}' }));
    expect(problems).toEqual([{ file: name, code: 'zip.unsafe-path', message: `${name}: ${reason}` }]);
    expect([...files.keys()]).toEqual(['settings.json']);
    expect(checkEntryPath(name)).toBe(reason);
  });

  it('refuses a file that unpacks to more than its header says (zip bomb)', () => {
    const bomb = makeZip({ 'pythons/bomb.py': new Uint8Array(3_000_000) });
    const lying = patchCentral(bomb, 'pythons/bomb.py', (v, o) => v.setUint32(o + CENTRAL.size, 1_000, true));
    const { files, problems } = safeUnzip(lying);
    expect(files.size).toBe(0);
    expect(problems[0]).toMatchObject({ file: 'pythons/bomb.py', code: 'zip.size-mismatch' });
    expect(problems[0]?.message).toContain('more bytes than its header declares');
  });

  it('enforces per-file, total and entry-count limits', () => {
    const big = makeZip({ 'a.py': new Uint8Array(2_000), 'b.py': new Uint8Array(2_000) });
    expect(
      safeUnzip(big, {
        maxZipBytes: 1e6,
        maxEntries: 10,
        maxEntryBytes: 1_000,
        maxTotalBytes: 1e6,
      }).problems.map((p) => p.code),
    ).toEqual(['zip.entry-too-large', 'zip.entry-too-large']);
    expect(
      safeUnzip(big, { maxZipBytes: 1e6, maxEntries: 10, maxEntryBytes: 1e6, maxTotalBytes: 3_000 }).problems,
    ).toEqual([
      {
        file: 'b.py',
        code: 'zip.total-too-large',
        message: 'b.py: the files unpack to more than 3000 bytes in total; this and later files were skipped',
      },
    ]);
    expect(
      safeUnzip(big, { maxZipBytes: 1e6, maxEntries: 1, maxEntryBytes: 1e6, maxTotalBytes: 1e6 }),
    ).toMatchObject({
      fatal: true,
      problems: [{ code: 'zip.too-many-entries', message: 'The archive has 2 entries; the limit is 1' }],
    });
    expect(
      safeUnzip(big, { maxZipBytes: 10, maxEntries: 10, maxEntryBytes: 1e6, maxTotalBytes: 1e6 }).problems[0]
        ?.code,
    ).toBe('zip.too-large');
  });

  it('reports encrypted entries, unknown compression, bad checksums and duplicate names by file', () => {
    const zip = makeZip({
      'a.py': 'print(1)\n',
      'b.py': 'print(2)\n',
      'c.py': 'print(3)\n',
      'settings.json': '{}',
      'settingz.json': '{}',
    });
    let damaged = patchCentral(zip, 'a.py', (v, o) =>
      v.setUint16(o + CENTRAL.flags, v.getUint16(o + CENTRAL.flags, true) | 1, true),
    );
    damaged = patchCentral(damaged, 'b.py', (v, o) => v.setUint16(o + CENTRAL.method, 12, true));
    damaged = patchCentral(damaged, 'c.py', (v, o) => v.setUint32(o + CENTRAL.crc, 1234, true));
    damaged = patchCentral(damaged, 'settingz.json', (_v, o, bytes) =>
      bytes.set(new TextEncoder().encode('settings.json'), o + CENTRAL.name),
    );
    const { files, problems } = safeUnzip(damaged);
    expect(problems).toEqual([
      { file: 'a.py', code: 'zip.encrypted', message: 'a.py: encrypted files are not supported' },
      {
        file: 'b.py',
        code: 'zip.method',
        message: 'b.py: compression method 12 is not supported (only stored and deflate)',
      },
      {
        file: 'c.py',
        code: 'zip.checksum',
        message: 'c.py: its checksum does not match: the file is corrupt',
      },
      {
        file: 'settings.json',
        code: 'zip.duplicate',
        message: 'settings.json: the archive contains this file twice; it is ambiguous which one to use',
      },
    ]);
    expect([...files.keys()]).toEqual(['settings.json']);
  });

  it('says when the input is not a zip at all', () => {
    expect(safeUnzip(new TextEncoder().encode('just text'))).toMatchObject({
      fatal: true,
      problems: [{ code: 'zip.not-a-zip' }],
    });
    const zip = makeZip({ 'a.py': 'x' });
    expect(safeUnzip(zip.subarray(0, zip.length - 5)).fatal).toBe(true);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => {
        const r = safeUnzip(bytes);
        expect(r.fatal || r.problems.length >= 0).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never throws on damaged archives', () => {
    const zip = makeZip({
      'settings.json': '{"parallelism": 2}',
      'sources/a.json': '{"sourceType":"kafka"}',
      'pythons/p.py': 'x = 1\n'.repeat(50),
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(zip.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (edits) => {
          const copy = zip.slice();
          for (const [at, value] of edits) copy[at] = value;
          safeUnzip(copy);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
