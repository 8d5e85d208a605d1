/**
 * Platform overhead of a trivial 3-node run (datagen 1 row -> python identity -> print): the same
 * job executed RUNS times through the API (run now -> BullMQ -> worker -> runner -> run row ended,
 * watched over the SSE log stream), against `executeDag` called directly in-process. The difference
 * is what the platform adds: HTTP, run rows, queueing, concurrency slot, logs and stats writes.
 *
 *   cd apps/api && node --conditions=@sluice/source --import ./test/scheduled/support/register-swc.mjs \
 *     bench/scheduler-overhead.bench.ts [runs=30]
 *
 * Needs the local stack. Prints a summary; writes bench/results/scheduler-overhead-<time>.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Job, jobSchema } from '@sluice/dag';
import { executeDag } from '../src/runner/dag-executor.js';
import { type RunJson, ScheduledWorld } from '../test/scheduled/support/fixtures.js';
import { datagenPythonPrint } from '../test/scheduled/support/jobs.js';
import { formatSummary, summarize } from './scheduler-stats.js';

const RUNS = Number(process.argv[2] ?? 30);
const runtimeDir = resolve(import.meta.dirname, '../../../packages/python');

async function main(): Promise<void> {
  const world = await new ScheduledWorld().open();
  try {
    const api = await world.api('bench');
    await world.environmentReady(api);
    const job = datagenPythonPrint({
      name: 'trivial',
      code: 'def process(r, ctx):\n    return r\n',
      rows: 1,
    });
    await api.request('POST', '/v1/jobs', job);
    const python = (
      await world.db.query<import('mysql2').RowDataPacket[]>(
        "SELECT python_path FROM environments WHERE name = 'default'",
      )
    )[0][0]!.python_path as string;

    // Bare runner: the same job, same venv, no API, queue or database.
    const bare: number[] = [];
    const parsed: Job = jobSchema.parse(job);
    for (let i = 0; i < RUNS + 2; i++) {
      const t0 = performance.now();
      const outcome = await executeDag(parsed, {
        runId: `bare-${i}`,
        params: {},
        runtimeDir,
        pythonFor: () => python,
        log: () => undefined,
      });
      if (outcome.status !== 'succeeded') throw new Error(`bare run failed: ${outcome.error?.message}`);
      if (i >= 2) bare.push(performance.now() - t0); // the first two warm caches
    }

    // Through the platform, one run at a time, end observed on the live log stream.
    const total: number[] = [];
    const queueWait: number[] = [];
    const execution: number[] = [];
    for (let i = 0; i < RUNS + 2; i++) {
      const t0 = performance.now();
      const queued = await api.request<RunJson>('POST', '/v1/jobs/trivial/runs', {});
      const stream = await (await fetch(`${api.baseUrl}/v1/runs/${queued.id}/logs/stream`)).text();
      const elapsed = performance.now() - t0;
      if (!/event: end\nid: \d+\ndata: \{"status":"SUCCEEDED"\}/.test(stream))
        throw new Error(`run ${queued.id} did not succeed`);
      const run = await api.request<RunJson>('GET', `/v1/runs/${queued.id}`);
      if (i < 2) continue;
      total.push(elapsed);
      queueWait.push(Date.parse(run.startedAt!) - Date.parse(run.createdAt));
      execution.push(Date.parse(run.finishedAt!) - Date.parse(run.startedAt!));
    }

    const result = {
      benchmark: 'scheduler-overhead',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, loadavg: loadavg() },
      settings: { runs: RUNS, job: 'datagen(1 row) -> python identity -> print', processes: 1 },
      bareExecuteDagMs: summarize(bare),
      apiRequestToEndMs: summarize(total),
      createdToStartedMs: summarize(queueWait),
      startedToFinishedMs: summarize(execution),
    };
    const overhead = result.apiRequestToEndMs.median - result.bareExecuteDagMs.median;
    process.stdout.write(`${formatSummary('executeDag in-process (bare)', result.bareExecuteDagMs)}\n`);
    process.stdout.write(`${formatSummary('API run-now -> end event', result.apiRequestToEndMs)}\n`);
    process.stdout.write(`${formatSummary('  run created -> started', result.createdToStartedMs)}\n`);
    process.stdout.write(`${formatSummary('  run started -> finished', result.startedToFinishedMs)}\n`);
    process.stdout.write(`platform overhead (median difference): ${Math.round(overhead)} ms\n`);
    const dir = resolve(import.meta.dirname, 'results');
    await mkdir(dir, { recursive: true });
    const file = resolve(dir, `scheduler-overhead-${result.at.replace(/[:.]/g, '-')}.json`);
    await writeFile(file, `${JSON.stringify({ ...result, platformOverheadMedianMs: overhead }, null, 2)}\n`);
    process.stdout.write(`wrote ${file}\n`);
  } finally {
    await world.close();
  }
}

await main();
