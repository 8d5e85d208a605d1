import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PythonStepHost, StepFailedError, type StepLogLine } from './python-step-host.js';

const runtimeDir = resolve(import.meta.dirname, '../../../../packages/python');

function start(
  code: string,
  extra: {
    timeoutMs?: number;
    openTimeoutMs?: number;
    params?: Record<string, unknown>;
    signal?: AbortSignal;
  } = {},
) {
  const logs: StepLogLine[] = [];
  const host = PythonStepHost.start({
    python: 'python3',
    runtimeDir,
    step: 'enrich',
    code,
    params: extra.params ?? {},
    timeoutMs: extra.timeoutMs ?? 10_000,
    openTimeoutMs: extra.openTimeoutMs,
    signal: extra.signal,
    onLog: (line) => logs.push(line),
  });
  return { host, logs };
}

describe('PythonStepHost', () => {
  it('runs batches through a long-lived step and closes it', async () => {
    const { host: starting, logs } = start(
      'def process(record, ctx):\n    print("saw", record["n"])\n    return [record, {"n": -record["n"]}] if record["n"] else None\n',
    );
    const host = await starting;
    expect(await host.process([{ n: 0 }, { n: 2 }])).toEqual([{ n: 2 }, { n: -2 }]);
    expect(await host.process([{ n: 3 }])).toEqual([{ n: 3 }, { n: -3 }]);
    await host.close();
    expect(logs.filter((l) => l.stream === 'stdout').map((l) => l.msg)).toEqual(['saw 0', 'saw 2', 'saw 3']);
  });

  it('fails with the Python traceback when the step raises', async () => {
    const host = await start(
      'def process(record, ctx):\n    raise ValueError("bad row " + str(record["id"]))\n',
    ).host;
    const err = await host.process([{ id: 41 }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailedError);
    const failure = err as StepFailedError;
    expect(failure.phase).toBe('process');
    expect(failure.message).toBe(
      "step 'enrich' failed in process (record 0 of the batch): ValueError: bad row 41",
    );
    expect(failure.traceback).toContain('raise ValueError("bad row " + str(record["id"]))');
  });

  it('kills a step that hangs past its timeout', async () => {
    const host = await start('import time\ndef process(record, ctx):\n    time.sleep(60)\n', {
      timeoutMs: 500,
    }).host;
    const began = Date.now();
    const err = (await host.process([{}]).catch((e: unknown) => e)) as StepFailedError;
    expect(err.phase).toBe('timeout');
    expect(err.message).toBe("step 'enrich' did not finish a batch within 0.5s and was killed");
    expect(Date.now() - began).toBeLessThan(5_000);
  });

  it('gives open(ctx) its own timeout, and kills a step whose open hangs', async () => {
    const err = (await start(
      'import time\ndef open(ctx):\n    time.sleep(60)\ndef process(r, ctx):\n    return r\n',
      {
        timeoutMs: 100,
        openTimeoutMs: 1_500,
      },
    ).host.catch((e: unknown) => e)) as StepFailedError;
    expect(err.phase).toBe('timeout');
    expect(err.message).toBe("step 'enrich' did not finish open within 1.5s and was killed");
  });

  it('is killed at once when its signal aborts, even during open', async () => {
    const controller = new AbortController();
    const starting = start(
      'import time\ndef open(ctx):\n    time.sleep(60)\ndef process(r, ctx):\n    return r\n',
      {
        signal: controller.signal,
      },
    ).host;
    setTimeout(() => controller.abort(), 300);
    const began = Date.now();
    const err = (await starting.catch((e: unknown) => e)) as StepFailedError;
    expect(err.phase).toBe('cancelled');
    expect(Date.now() - began).toBeLessThan(3_000);
  });

  it('reports a step that exits the interpreter as a crash', async () => {
    const host = await start('import os\ndef process(record, ctx):\n    os._exit(3)\n').host;
    const err = (await host.process([{}]).catch((e: unknown) => e)) as StepFailedError;
    expect(err.phase).toBe('crash');
    expect(err.message).toBe("step 'enrich' exited with code 3");
  });

  it('refuses code without a process function before any record is read', async () => {
    const err = (await start('x = 1\n').host.catch((e: unknown) => e)) as StepFailedError;
    expect(err.phase).toBe('load');
    expect(err.message).toContain('must define `def process(record, ctx)`');
  });

  it('does not hand the platform environment to the step', async () => {
    process.env.SLUICE_TEST_CANARY = 'do-not-leak';
    try {
      const host = await start(
        'import os\ndef process(record, ctx):\n    return {"env": sorted(os.environ)}\n',
      ).host;
      const [out] = await host.process([{}]);
      expect(out?.env).not.toContain('SLUICE_TEST_CANARY');
      await host.close();
    } finally {
      delete process.env.SLUICE_TEST_CANARY;
    }
  });
});
