import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRealtimeJob, FlinkRestClient, TERMINAL_JOB_STATES } from '../src/index.js';
import { FlinkSubmitError, FlinkVersionMismatchError, submitRealtimeJob } from '../src/node.js';
import { pollUntil, stack, uniqueName } from './support/stack.js';

// Failure paths on the real Flink cluster: a python step that raises, a submission that fails
// inside the PyFlink client (with a secret in its error), and environments that do not match.
const SLOW = 300_000;
const flink = new FlinkRestClient({ restUrl: stack.flinkRestUrl });

const datagenToPrint = (
  python: { mode: 'record' | 'pyflink'; code: string },
  parameters: unknown[] = [],
) => ({
  name: 'failing-job',
  kind: 'realtime',
  parameters,
  graph: {
    nodes: [
      {
        id: 'src',
        kind: 'source',
        name: 'numbers',
        config: {
          connector: 'datagen',
          options: {
            'rows-per-second': '5',
            'fields.n.kind': 'sequence',
            'fields.n.start': '1',
            'fields.n.end': '1000000',
          },
          columns: [{ name: 'n', type: 'BIGINT' }],
        },
      },
      { id: 'step', kind: 'python', name: 'explode', config: python },
      {
        id: 'out',
        kind: 'sink',
        name: 'printed',
        config: { connector: 'print', options: {}, columns: [{ name: 'n', type: 'BIGINT' }] },
      },
    ],
    edges: [
      { source: 'src', target: 'step' },
      { source: 'step', target: 'out' },
    ],
  },
  realtime: { parallelism: 1, checkpointIntervalMs: 5_000, restartPolicy: { type: 'none' } },
});

describe('real-time job failures', () => {
  let workDir: string;
  const jobIds: string[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'sluice-flink-test-'));
  });

  afterAll(async () => {
    for (const id of jobIds) {
      const job = await flink.job(id).catch(() => undefined);
      if (job && !TERMINAL_JOB_STATES.has(job.state)) await flink.cancel(id).catch(() => undefined);
    }
    await rm(workDir, { recursive: true, force: true });
  }, 60_000);

  it(
    'a python step that raises fails the job, and the client shows its Python traceback',
    async () => {
      const code = 'def process(record, ctx):\n    n = record["n"]\n    return {"n": n // (n - n)}\n';
      const compiled = compileRealtimeJob({ job: datagenToPrint({ mode: 'record', code }), version: 1 });
      const { jobId } = await submitRealtimeJob({
        compiled,
        restUrl: stack.flinkRestUrl,
        python: stack.python,
        workDir,
      });
      jobIds.push(jobId);
      await pollUntil('the job to fail', async () =>
        (await flink.job(jobId)).state === 'FAILED' ? true : undefined,
      );
      const failures = await pollUntil('the exception history', async () => {
        const e = await flink.exceptions(jobId);
        return e.pythonTraceback ? e : undefined;
      });
      expect(failures.summary).toBe(
        "sluice_runtime.flink_driver.StepFailedError: python step 'explode' raised ZeroDivisionError: integer division or modulo by zero",
      );
      expect(failures.pythonTraceback).toContain('record: {"n": 1}');
      expect(failures.pythonTraceback).toContain('File "<step explode>", line 3, in process');
      expect(failures.pythonTraceback).toContain('return {"n": n // (n - n)}');
      expect(failures.entries.length).toBeGreaterThan(0);
      expect(flink.dashboardJobUrl(jobId, 'FAILED')).toBe(
        `${stack.flinkRestUrl}/#/job/completed/${jobId}/overview`,
      );
    },
    SLOW,
  );

  it(
    'a submission that fails in the PyFlink client reports the error with secrets redacted and leaves no parameters file',
    async () => {
      const token = `tok-${uniqueName('leak')}`;
      const fragment = [
        'import json, os',
        'with open(os.environ["SLUICE_PARAMS_FILE"]) as f:',
        '    token = json.load(f)["token"]',
        'raise RuntimeError("refusing to run with token " + token)',
      ].join('\n');
      const job = datagenToPrint({ mode: 'pyflink', code: fragment }, [{ name: 'token', secret: true }]);
      const compiled = compileRealtimeJob({ job, version: 1 });
      const error = await submitRealtimeJob({
        compiled,
        restUrl: stack.flinkRestUrl,
        python: stack.python,
        params: { token },
        workDir,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FlinkSubmitError);
      const { message, output } = error as FlinkSubmitError;
      expect(message).toContain("flink run failed for job 'failing-job'");
      expect(output).toContain('RuntimeError: refusing to run with token ***');
      expect(`${message}\n${output}`).not.toContain(token);
      expect(await readdir(workDir)).toEqual([]); // job directory and parameters file are gone
    },
    SLOW,
  );

  it('refuses an environment whose PyFlink does not match the cluster, before submitting anything', async () => {
    // A stand-in interpreter that reports another PyFlink line, as an old environment would.
    const fake = join(workDir, 'old-python');
    await writeFile(fake, '#!/bin/sh\necho \'{"version": "1.20.1", "home": "/nowhere"}\'\n');
    await chmod(fake, 0o755);
    const compiled = compileRealtimeJob({
      job: datagenToPrint({ mode: 'record', code: 'def process(r, ctx):\n    return r\n' }),
      version: 1,
    });
    const error = await submitRealtimeJob({
      compiled,
      restUrl: stack.flinkRestUrl,
      python: fake,
      workDir,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlinkVersionMismatchError);
    expect((error as Error).message).toMatch(
      /^the environment's PyFlink 1\.20\.1 \(.*old-python\) does not match the Flink 2\.2\.\d+ cluster; install apache-flink==2\.2\.\d+ in the environment/,
    );
    await rm(fake);
  });

  it('refuses a Python without apache-flink and a job missing a required parameter', async () => {
    const job = datagenToPrint({ mode: 'record', code: 'def process(r, ctx):\n    return r\n' }, [
      { name: 'needed', required: true },
    ]);
    const compiled = compileRealtimeJob({ job, version: 1 });
    await expect(
      submitRealtimeJob({ compiled, restUrl: stack.flinkRestUrl, python: stack.python, workDir }),
    ).rejects.toThrow("job 'failing-job' needs a value for parameter(s) needed");
    await expect(
      submitRealtimeJob({
        compiled,
        restUrl: stack.flinkRestUrl,
        python: 'python3',
        params: { needed: 'x' },
        workDir,
      }),
    ).rejects.toThrow("the environment's Python python3 has no usable apache-flink (import pyflink failed)");
    expect(await readdir(workDir)).toEqual([]);
  });
});
