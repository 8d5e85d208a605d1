import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { column, job, python, ref, run, sink, source } from './support.js';

const ID = [column('id', 'BIGINT')];
const datagen = (id: string, rows: number, extra: Record<string, string> = {}) =>
  source(
    id,
    'datagen',
    {
      'number-of-rows': String(rows),
      'fields.id.kind': 'sequence',
      'fields.id.start': '1',
      'fields.id.end': String(rows),
      ...extra,
    },
    ID,
  );

describe('executeDag', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sluice-rt-exec-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('prints datagen rows, capped per run with a count of the rest', async () => {
    const r = await run(
      job(
        [
          source(
            'gen',
            'datagen',
            {
              'number-of-rows': '25',
              seed: '7',
              'fields.n.min': '10',
              'fields.n.max': '20',
              'fields.s.length': '4',
              'fields.f.null-rate': '1',
            },
            [
              column('n', 'INT'),
              column('s', 'STRING'),
              column('f', 'DOUBLE'),
              column('ts', 'TIMESTAMP_LTZ(3)'),
              column('d', 'DECIMAL(6, 2)'),
            ],
          ),
          sink('show', 'print', { 'print-identifier': 'demo' }, []),
        ],
        ['gen->show'],
      ),
      { printLimit: 10 },
    );
    expect(r.outcome.error).toBeUndefined();
    const printed = r.logs.filter((l) => l.stream === 'print').map((l) => l.message);
    expect(printed).toHaveLength(11);
    expect(printed[10]).toBe('demo> 15 more records not printed (limit 10 per run)');
    for (const line of printed.slice(0, 10)) {
      expect(line).toMatch(
        /^demo> \+I\{"n":(1\d|20),"s":"[A-Za-z0-9]{4}","f":null,"ts":"\d{4}-\d\d-\d\dT[\d:.]+Z","d":"-?\d{1,4}\.\d\d"\}$/,
      );
    }
    expect(r.node('show').recordsIn).toBe(25);
  });

  it('fans a batch out to every child and merges several parents into one node', async () => {
    const outDir = join(root, 'fan');
    const r = await run(
      job(
        [
          datagen('numbers', 1000),
          datagen('more', 300, { 'fields.id.start': '5001', 'fields.id.end': '5300' }),
          python(
            'evens',
            'def process(r, ctx):\n    return {"id": r["id"], "tag": "even"} if r["id"] % 2 == 0 else None\n',
          ),
          python(
            'odds',
            'def process(r, ctx):\n    return {"id": r["id"], "tag": "odd"} if r["id"] % 2 else None\n',
          ),
          python('merge', 'def process(r, ctx):\n    return r\n'),
          sink('file', 'filesystem', { path: outDir, format: 'json' }, [
            column('id', 'BIGINT'),
            column('tag', 'STRING'),
          ]),
          sink('count', 'print', {}, []),
        ],
        [
          'numbers->evens',
          'numbers->odds',
          'more->merge',
          'evens->merge',
          'odds->merge',
          'merge->file',
          'merge->count',
        ],
      ),
      { batchSize: 64, printLimit: 0 },
    );
    expect(r.outcome.error).toBeUndefined();
    expect(r.node('evens')).toMatchObject({ recordsIn: 1000, recordsOut: 500 });
    expect(r.node('odds')).toMatchObject({ recordsIn: 1000, recordsOut: 500 });
    expect(r.node('merge')).toMatchObject({ recordsIn: 1300, recordsOut: 1300 });
    expect(r.node('file').recordsOut).toBe(1300);
    expect(r.node('count').recordsIn).toBe(1300);
    const [file] = await readdir(outDir);
    const rows = (await readFile(join(outDir, file as string), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const ids = rows.map((x) => x.id as number).sort((a, b) => a - b);
    expect(ids).toEqual([
      ...Array.from({ length: 1000 }, (_, i) => i + 1),
      ...Array.from({ length: 300 }, (_, i) => 5001 + i),
    ]);
    expect(rows.find((x) => x.id === 5001)).toEqual({ id: 5001, tag: null });
  });

  it('fails the run with the traceback of a raising step and releases everything', async () => {
    const outDir = join(root, 'raise');
    const r = await run(
      job(
        [
          datagen('numbers', 5000),
          python(
            'boom',
            'def process(record, ctx):\n    if record["id"] == 1234:\n        raise ValueError("bad id %d" % record["id"])\n    return record\n',
          ),
          sink('file', 'filesystem', { path: outDir, format: 'json' }, ID),
        ],
        ['numbers->boom', 'boom->file'],
      ),
    );
    expect(r.outcome.status).toBe('failed');
    expect(r.outcome.error?.node).toBe('boom');
    expect(r.outcome.error?.message).toBe(
      "step 'boom' failed in process (record 233 of the batch): ValueError: bad id 1234",
    );
    expect(r.outcome.error?.traceback).toContain('raise ValueError("bad id %d" % record["id"])');
    expect(r.node('boom').status).toBe('failed');
    expect(r.node('file').status).toBe('cancelled');
    expect(
      r.logs.some((l) => l.level === 'error' && l.node === 'boom' && l.traceback?.includes('ValueError')),
    ).toBe(true);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('kills a step that hangs past the step timeout', async () => {
    const began = Date.now();
    const r = await run(
      job(
        [
          datagen('numbers', 10),
          python('slow', 'import time\ndef process(r, ctx):\n    time.sleep(3600)\n'),
          sink('out', 'print', {}, []),
        ],
        ['numbers->slow', 'slow->out'],
      ),
      { stepTimeoutMs: 1_000 },
    );
    expect(r.outcome.status).toBe('failed');
    expect(r.outcome.error?.message).toBe("step 'slow' did not finish a batch within 1s and was killed");
    expect(Date.now() - began).toBeLessThan(8_000);
  });

  it('stops within seconds when cancelled, mid-batch and mid-open', async () => {
    const controller = new AbortController();
    const began = Date.now();
    const running = run(
      job(
        [
          datagen('numbers', 1_000_000),
          python('slow', 'import time\ndef process(r, ctx):\n    time.sleep(0.01)\n    return r\n'),
          sink('out', 'print', {}, []),
        ],
        ['numbers->slow', 'slow->out'],
      ),
      { signal: controller.signal, printLimit: 0 },
    );
    setTimeout(() => controller.abort(new Error('cancelled by alice')), 1_500);
    const r = await running;
    expect(r.outcome.status).toBe('cancelled');
    expect(r.outcome.error?.message).toBe('cancelled by alice');
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(r.node('numbers').status).toBe('cancelled');

    const opening = new AbortController();
    const began2 = Date.now();
    const pending = run(
      job(
        [
          datagen('numbers', 10),
          python(
            'stuck',
            'import time\ndef open(ctx):\n    time.sleep(3600)\ndef process(r, ctx):\n    return r\n',
          ),
          sink('out', 'print', {}, []),
        ],
        ['numbers->stuck', 'stuck->out'],
      ),
      { signal: opening.signal },
    );
    setTimeout(() => opening.abort(), 1_000);
    const r2 = await pending;
    expect(r2.outcome.status).toBe('cancelled');
    expect(r2.outcome.error?.message).toBe('run cancelled');
    expect(Date.now() - began2).toBeLessThan(5_000);
  });

  it('keeps secret parameter values out of every log line, while the step and connectors get them', async () => {
    const secret = 'tok-8f2b1c9d4e';
    const dir = join(root, `out-${secret}`);
    const r = await run(
      job(
        [
          datagen('numbers', 3),
          python(
            'leaky',
            'def process(r, ctx):\n    print("token is", ctx.params["api_token"], ctx.params)\n    ctx.log.warning("using %s", ctx.params["api_token"])\n    return {"id": r["id"], "len": len(ctx.params["api_token"])}\n',
          ),
          sink('out', 'filesystem', { path: `${root}/out-${ref('api_token')}`, format: 'json' }, [
            column('id', 'BIGINT'),
            column('len', 'INT'),
          ]),
        ],
        ['numbers->leaky', 'leaky->out'],
        { parameters: [{ name: 'api_token', secret: true }] },
      ),
      { params: { api_token: secret } },
    );
    expect(r.outcome.error).toBeUndefined();
    // The connector used the real value...
    const [file] = await readdir(dir);
    expect(JSON.parse((await readFile(join(dir, file as string), 'utf8')).split('\n')[0] as string)).toEqual({
      id: 1,
      len: secret.length,
    });
    // ...and the step saw it, but no log line shows it.
    expect(r.logs.filter((l) => l.stream === 'stdout')[0]?.message).toBe("token is *** {'api_token': '***'}");
    expect(r.logs.some((l) => l.stream === 'log' && l.level === 'warn' && l.message === 'using ***')).toBe(
      true,
    );
    expect(r.text).toContain('"path":"***"');
    expect(r.text).not.toContain(secret);
  });

  it('survives a step that writes garbage to its stdout file descriptor', async () => {
    const r = await run(
      job(
        [
          datagen('numbers', 5),
          python(
            'noisy',
            'import os, sys\ndef process(r, ctx):\n    os.write(1, b"\\x00\\xff garbage {not json\\n")\n    sys.stdout.write("half a line")\n    return r\n',
          ),
          sink('out', 'print', {}, []),
        ],
        ['numbers->noisy', 'noisy->out'],
      ),
    );
    expect(r.outcome.error).toBeUndefined();
    expect(r.node('out').recordsIn).toBe(5);
    expect(r.logs.filter((l) => l.node === 'noisy' && l.stream === 'stderr').length).toBe(5);
  });

  it('refuses what a batch run cannot do, naming the node', async () => {
    const pyflink = await run(
      job(
        [
          datagen('numbers', 1),
          { id: 'frag', kind: 'python', name: 'frag', config: { mode: 'pyflink', code: 'x = 1' } },
          sink('out', 'print', {}, []),
        ],
        ['numbers->frag', 'frag->out'],
      ),
    );
    expect(pyflink.outcome.error?.message).toBe(
      "python 'frag': mode `pyflink` runs only in real-time jobs; scheduled runs need `record` steps",
    );

    const upsertKafka = await run(
      job([datagen('numbers', 1), sink('out', 'upsert-kafka', {}, ID)], ['numbers->out']),
    );
    expect(upsertKafka.outcome.error?.message).toBe(
      "sink 'out': connector `upsert-kafka` cannot be a sink in a scheduled run (batch sinks: jdbc, kafka, filesystem, print)",
    );

    const unbounded = await run(
      job([source('gen', 'datagen', {}, ID), sink('out', 'print', {}, [])], ['gen->out']),
    );
    expect(unbounded.outcome.error?.message).toBe(
      "source 'gen': option `number-of-rows` is required in a batch run (an endless datagen never finishes)",
    );

    const missingParam = await run(
      job(
        [
          datagen('numbers', 1),
          sink('out', 'filesystem', { path: `/tmp/${ref('nowhere')}`, format: 'json' }, ID),
        ],
        ['numbers->out'],
      ),
    );
    expect(missingParam.outcome.error?.message).toBe(
      "sink 'out': option `path` references parameter `nowhere`, which has no value for this run",
    );
  });
});
