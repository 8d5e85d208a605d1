import { importSreworksPackage } from '@sluice/dag';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRealtimeJob, FlinkRestClient, TERMINAL_JOB_STATES } from '../src/index.js';
import { submitRealtimeJob } from '../src/node.js';
import { sreworksPackage } from './fixtures/sreworks-package.js';
import { pollUntil, stack, stopPolling, uniqueName } from './support/stack.js';

// An SREWorks job package (see fixtures/sreworks-package.ts) imported with @sluice/dag, compiled,
// and run on the real cluster.
const flink = new FlinkRestClient({ restUrl: stack.flinkRestUrl });

describe('an SREWorks job package', () => {
  const database = uniqueName('sluice_sw');
  let db: mysql.Connection;
  let jobId: string | undefined;

  beforeAll(async () => {
    db = await mysql.createConnection(stack.mysql);
    await db.query(`CREATE DATABASE \`${database}\``);
    await db.query(`CREATE TABLE \`${database}\`.scaled (n BIGINT PRIMARY KEY, scaled BIGINT)`);
  });

  afterAll(async () => {
    if (jobId) {
      const job = await flink.job(jobId).catch(() => undefined);
      if (job && !TERMINAL_JOB_STATES.has(job.state)) await flink.cancel(jobId).catch(() => undefined);
    }
    await db?.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
    await db?.end();
  });

  it('imports, compiles to its template with the fragment spliced in, and runs with its parameters', async () => {
    const imported = importSreworksPackage(sreworksPackage(database, stack.mysql), { name: 'scale-numbers' });
    expect(imported.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const password = imported.job?.parameters.find((p) => p.name === 'db_password');
    expect(password?.secret).toBe(true);

    const compiled = compileRealtimeJob({ job: imported.job, version: 1 });
    expect(compiled.plan.argvParameters).toEqual(['multiplier', 'db_password']);
    expect(compiled.script).toContain("parser.add_argument('--multiplier', type=str, required=True)");
    expect(compiled.script).toContain(
      '    t_env.from_path("numbers").select(col("n"), col("n") * int(MULTIPLIER)).execute_insert("scaled")',
    );

    const submitted = await submitRealtimeJob({
      compiled,
      restUrl: stack.flinkRestUrl,
      python: stack.python,
      params: { multiplier: '3', db_password: stack.mysql.password },
    });
    jobId = submitted.jobId;
    // Parameters reached argparse inside the client only, never the command line.
    expect(submitted.output).not.toContain('--db_password');

    await pollUntil('the bounded job to finish', async () => {
      const { state } = await flink.job(submitted.jobId);
      if (state === 'FINISHED') return true;
      if (TERMINAL_JOB_STATES.has(state))
        throw stopPolling(`job ended ${state}: ${(await flink.exceptions(submitted.jobId)).summary}`);
      return undefined;
    });
    const [rows] = await db.query(`SELECT n, scaled FROM \`${database}\`.scaled ORDER BY n`);
    expect(rows).toEqual([1, 2, 3, 4, 5].map((n) => ({ n, scaled: 3 * n })));
  }, 300_000);
});
