/**
 * Cron firing lateness: how long after the minute a tick becomes a run, and when that run starts.
 * Schedules are minute-level (the DAG model refuses seconds patterns), so samples come from
 * several jobs over several real minutes: JOBS jobs on `* * * * *`, for MINUTES minutes, on one
 * API process with its own database and queue prefix.
 *
 *   cd apps/api && node --conditions=@sluice/source --import ./test/scheduled/support/register-swc.mjs \
 *     bench/scheduler-lateness.bench.ts [minutes=3] [jobs=10]
 *
 * Needs the local stack (`npm run infra:up`). Prints a summary; writes bench/results/scheduler-lateness-<time>.json.
 * Lateness is bounded below by Redis's `hz` timer (default 10: up to ~100 ms before a blocked
 * BullMQ worker wakes for a delayed job); the result records it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { type RunJson, ScheduledWorld } from '../test/scheduled/support/fixtures.js';
import { datagenPythonPrint } from '../test/scheduled/support/jobs.js';
import { stack } from '../test/stack/stack-env.js';
import { formatSummary, summarize } from './scheduler-stats.js';

const MINUTES = Number(process.argv[2] ?? 3);
const JOBS = Number(process.argv[3] ?? 10);
const CONCURRENCY = 4;

async function main(): Promise<void> {
  const world = await new ScheduledWorld().open();
  try {
    const api = await world.api('bench', { runConcurrency: CONCURRENCY });
    await world.environmentReady(api);
    for (let i = 0; i < JOBS; i++) {
      await api.request(
        'POST',
        '/v1/jobs',
        datagenPythonPrint({
          name: `tick-${i}`,
          code: 'def process(r, ctx):\n    return r\n',
          rows: 1,
          schedule: { cron: '* * * * *', enabled: true },
        }),
      );
    }
    // Whole minutes, starting at the next one, plus time for the last runs to finish.
    const start = Math.ceil(Date.now() / 60_000) * 60_000;
    const end = start + MINUTES * 60_000;
    process.stdout.write(
      `${JOBS} jobs on * * * * *; sampling ${MINUTES} ticks from ${new Date(start).toISOString()}\n`,
    );
    await new Promise((r) => setTimeout(r, end - Date.now() + 20_000));

    const runs: RunJson[] = [];
    for (let i = 0; i < JOBS; i++) runs.push(...(await world.runs(api, `tick-${i}`)));
    const sampled = runs.filter(
      (r) => r.scheduledFor && Date.parse(r.scheduledFor) >= start && Date.parse(r.scheduledFor) < end,
    );
    const recorded = sampled.map((r) => Date.parse(r.createdAt) - Date.parse(r.scheduledFor!));
    const started = sampled
      .filter((r) => r.startedAt)
      .map((r) => Date.parse(r.startedAt!) - Date.parse(r.scheduledFor!));
    const perTick = new Map<string, number>();
    for (const r of sampled) perTick.set(r.scheduledFor!, (perTick.get(r.scheduledFor!) ?? 0) + 1);

    // Redis wakes blocked clients (BullMQ's delayed-job wait) on its `hz` timer: it bounds lateness.
    const redis = new Redis(stack.redisUrl);
    const hz = Number(((await redis.config('GET', 'hz')) as string[])[1]);
    redis.disconnect();
    const result = {
      benchmark: 'scheduler-lateness',
      redis: { hz },
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, loadavg: loadavg() },
      settings: {
        minutes: MINUTES,
        jobs: JOBS,
        cron: '* * * * *',
        runConcurrency: CONCURRENCY,
        processes: 1,
      },
      expectedRuns: MINUTES * JOBS,
      runs: sampled.length,
      statuses: Object.fromEntries(
        [...new Set(sampled.map((r) => r.status))].map((s) => [
          s,
          sampled.filter((r) => r.status === s).length,
        ]),
      ),
      duplicateTicks: [...perTick.values()].filter((n) => n > JOBS).length,
      /** Tick -> run row written by the `dag.tick` worker: BullMQ's firing precision plus one transaction. */
      tickToRecordedMs: summarize(recorded),
      /** Tick -> run started (queue wait, concurrency slot, environment lookup): what users see. */
      tickToStartedMs: summarize(started),
    };
    process.stdout.write(`${formatSummary('tick -> run recorded', result.tickToRecordedMs)}\n`);
    process.stdout.write(`${formatSummary('tick -> run started', result.tickToStartedMs)}\n`);
    process.stdout.write(
      `runs ${result.runs}/${result.expectedRuns}, statuses ${JSON.stringify(result.statuses)}\n`,
    );
    const dir = resolve(import.meta.dirname, 'results');
    await mkdir(dir, { recursive: true });
    const file = resolve(dir, `scheduler-lateness-${result.at.replace(/[:.]/g, '-')}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`wrote ${file}\n`);
  } finally {
    await world.close();
  }
}

await main();
