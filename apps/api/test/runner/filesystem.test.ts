import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { column, job, python, run, sink, source } from './support.js';

const COLUMNS = [
  column('id', 'INT'),
  column('name', 'STRING'),
  column('score', 'DECIMAL(5, 1)'),
  column('seen', 'TIMESTAMP(3)'),
];

describe('filesystem runs', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sluice-rt-fs-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads JSON lines from a directory, writes CSV, and reads that CSV back to JSON unchanged', async () => {
    const input = join(root, 'in');
    await mkdir(join(input, 'nested'), { recursive: true });
    const lines = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => {
        const id = from + i;
        return JSON.stringify({
          id,
          name: id % 3 === 0 ? 'with, comma and "quotes"\nand a newline' : `n${id}`,
          score: `${id}.5`,
          seen: '2024-05-01 10:00:00.5',
          extra: 1,
        });
      }).join('\n');
    await writeFile(join(input, 'a.json'), `${lines(1, 700)}\n\n`);
    await writeFile(join(input, 'nested', 'b.json'), lines(701, 1500));
    await writeFile(join(input, '.hidden.json'), '{"id": -1}\n');
    await writeFile(join(input, '_in_progress.json'), '{"id": -2}\n');

    const csvDir = join(root, 'csv');
    const first = await run(
      job(
        [
          source('lines', 'filesystem', { path: input, format: 'json' }, COLUMNS),
          python('keep', 'def process(r, ctx):\n    return r if r["id"] % 2 else None\n'),
          sink('csv', 'filesystem', { path: `file://${csvDir}`, format: 'csv' }, COLUMNS),
        ],
        ['lines->keep', 'keep->csv'],
      ),
      { runId: 'run-1' },
    );
    expect(first.outcome.error).toBeUndefined();
    expect(first.node('lines').recordsOut).toBe(1500);
    expect(await readdir(csvDir)).toEqual(['part-run-1-csv.csv']);
    const csv = await readFile(join(csvDir, 'part-run-1-csv.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('id,name,score,seen');
    expect(csv).toContain('3,"with, comma and ""quotes""\nand a newline",3.5,2024-05-01 10:00:00.5\n');

    const jsonDir = join(root, 'json');
    const second = await run(
      job(
        [
          source('csv', 'filesystem', { path: csvDir, format: 'csv' }, COLUMNS),
          sink(
            'json',
            'filesystem',
            { path: jsonDir, format: 'json', 'json.timestamp-format.standard': 'ISO-8601' },
            COLUMNS,
          ),
        ],
        ['csv->json'],
      ),
      { runId: 'run-2' },
    );
    expect(second.outcome.error).toBeUndefined();
    const out = (await readFile(join(jsonDir, 'part-run-2-json.json'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(750);
    expect(out[1]).toEqual({
      id: 3,
      name: 'with, comma and "quotes"\nand a newline',
      score: '3.5',
      seen: '2024-05-01T10:00:00.5',
    });
    expect(out.map((r) => r.id)).toEqual(Array.from({ length: 750 }, (_, i) => 2 * i + 1));
  });

  it('leaves no part file behind when the run fails', async () => {
    const input = join(root, 'fail-in.json');
    await writeFile(input, Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: i })).join('\n'));
    const outDir = join(root, 'fail-out');
    const r = await run(
      job(
        [
          source('lines', 'filesystem', { path: input, format: 'json' }, [column('id', 'INT')]),
          python(
            'boom',
            'def process(r, ctx):\n    if r["id"] == 40:\n        raise KeyError("nope")\n    return r\n',
          ),
          sink('out', 'filesystem', { path: outDir, format: 'json' }, [column('id', 'INT')]),
        ],
        ['lines->boom', 'boom->out'],
      ),
      { batchSize: 10 },
    );
    expect(r.outcome.status).toBe('failed');
    expect(r.outcome.error?.message).toBe(
      "step 'boom' failed in process (record 0 of the batch): KeyError: 'nope'",
    );
    expect(await readdir(outDir)).toEqual([]);
  });

  it('names the file and line of a value that does not fit its column', async () => {
    const input = join(root, 'bad.json');
    await writeFile(input, '{"id": 1}\n{"id": "two"}\n');
    const r = await run(
      job(
        [
          source('lines', 'filesystem', { path: input, format: 'json' }, [column('id', 'INT')]),
          sink('out', 'print', {}, []),
        ],
        ['lines->out'],
      ),
    );
    expect(r.outcome.error?.message).toBe(
      `source 'lines': ${input}:2, field \`id\` (INT): "two" is not an integer`,
    );
  });

  it('fills file metadata columns', async () => {
    const input = join(root, 'meta');
    await mkdir(input, { recursive: true });
    await writeFile(join(input, 'x.json'), '{"id": 1}\n');
    const r = await run(
      job(
        [
          source('lines', 'filesystem', { path: input, format: 'json' }, [
            column('id', 'INT'),
            { name: 'file', kind: 'metadata', key: 'file.name', type: 'STRING', virtual: true },
            { name: 'file.size', kind: 'metadata', type: 'BIGINT', virtual: true },
          ]),
          sink('out', 'print', {}, []),
        ],
        ['lines->out'],
      ),
    );
    expect(r.outcome.error).toBeUndefined();
    expect(r.logs.filter((l) => l.stream === 'print').map((l) => l.message)).toEqual([
      '+I{"id":1,"file":"x.json","file.size":10}',
    ]);
  });

  it('refuses paths outside the configured roots', async () => {
    const r = await run(
      job(
        [
          source('lines', 'filesystem', { path: '/etc/passwd', format: 'csv' }, [column('id', 'INT')]),
          sink('out', 'print', {}, []),
        ],
        ['lines->out'],
      ),
      { filesystemRoots: [root] },
    );
    expect(r.outcome.error?.message).toBe(
      `source 'lines': path \`/etc/passwd\` is outside the directories batch runs may use (${root})`,
    );
  });
});
