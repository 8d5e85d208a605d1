import { importSreworksPackage } from '@sluice/dag';
import { zipSync } from 'fflate';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRealtimeJob, FlinkRestClient, TERMINAL_JOB_STATES } from '../src/index.js';
import { submitRealtimeJob } from '../src/node.js';
import { pollUntil, stack, stopPolling, uniqueName } from './support/stack.js';

// A job package as SREWorks exported them (no Sluice section): an argparse template with the
// SOURCE/SINK/EXEC markers, a datagen source, a jdbc sink whose password is a `{DB_PASSWORD}`
// placeholder, and a pyflink fragment that uses a template variable. Imported with @sluice/dag,
// compiled, and run on the real cluster.
const flink = new FlinkRestClient({ restUrl: stack.flinkRestUrl });

function sreworksPackage(database: string): Uint8Array {
  const files: Record<string, string> = {
    'settings.json': JSON.stringify({
      parallelism: 1,
      execParams: [
        { key: 'multiplier', value: '3' },
        { key: 'db_password', value: '' },
      ],
    }),
    'template.py': [
      'import argparse',
      '',
      'from pyflink.datastream import StreamExecutionEnvironment',
      'from pyflink.table import StreamTableEnvironment',
      'from pyflink.table.expressions import col',
      '',
      'parser = argparse.ArgumentParser()',
      "parser.add_argument('--multiplier', type=str, required=True)",
      "parser.add_argument('--db_password', type=str, required=True)",
      'args = parser.parse_args()',
      'MULTIPLIER = args.multiplier',
      'DB_PASSWORD = args.db_password',
      '',
      'env = StreamExecutionEnvironment.get_execution_environment()',
      't_env = StreamTableEnvironment.create(stream_execution_environment=env)',
      '',
      "if __name__ == '__main__':",
      '',
      '    # SOURCE_BLOCK #',
      '',
      '    # SINK_BLOCK #',
      '',
      '    # EXEC_BLOCK #',
      '',
    ].join('\n'),
    'sources/numbers.json': JSON.stringify({
      sourceType: 'datagen',
      columns: [{ columnName: 'n', columnType: 'BIGINT' }],
      options: [
        { key: 'connector', value: 'datagen' },
        { key: 'number-of-rows', value: '5' },
        { key: 'fields.n.kind', value: 'sequence' },
        { key: 'fields.n.start', value: '1' },
        { key: 'fields.n.end', value: '5' },
      ],
    }),
    'sinks/scaled.json': JSON.stringify({
      sinkType: 'jdbc',
      columns: [
        { columnName: 'n', columnType: 'BIGINT' },
        { columnName: 'scaled', columnType: 'BIGINT' },
        { columnType: 'PRIMARY KEY (n) NOT ENFORCED' },
      ],
      options: [
        { key: 'connector', value: 'jdbc' },
        { key: 'url', value: `jdbc:mysql://${stack.mysql.host}:${stack.mysql.port}/${database}` },
        { key: 'table-name', value: 'scaled' },
        { key: 'username', value: stack.mysql.user },
        { key: 'password', value: '{DB_PASSWORD}' },
      ],
    }),
    'pythons/scale.py':
      't_env.from_path("numbers").select(col("n"), col("n") * int(MULTIPLIER)).execute_insert("scaled")\n',
  };
  const enc = new TextEncoder();
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, enc.encode(text)])));
}

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
    const imported = importSreworksPackage(sreworksPackage(database), { name: 'scale-numbers' });
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
