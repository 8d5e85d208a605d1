import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pollUntil, requireFlinkCli, stack } from './stack-env.js';

const run = promisify(execFile);

/** The subset of GET /jobs/:id the tests read. */
export interface FlinkJobDetails {
  jid: string;
  name: string;
  state: string;
  vertices: { name: string; status: string; parallelism: number }[];
}

export async function flinkGet<T>(path: string): Promise<T> {
  const res = await fetch(`${stack.flinkRestUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${path} -> HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Submits a PyFlink script detached (`flink run -d -py`) and returns the JobID the CLI prints.
 * `env` adds variables for the client process only (e.g. a password the script reads), so they
 * never appear in the command line or the job's arguments.
 */
export async function submitPyFlinkJob(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const cli = requireFlinkCli();
  const jobManager = new URL(stack.flinkRestUrl).host;
  const { stdout, stderr } = await run(cli, ['run', '-m', jobManager, '-d', '-py', script, ...args], {
    env: { ...process.env, ...env },
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(
      `flink run ${script} failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`,
    );
  });
  const jobId = /JobID ([0-9a-f]{32})/.exec(stdout)?.[1];
  if (!jobId) throw new Error(`flink run printed no JobID:\n${stdout}\n${stderr}`);
  return jobId;
}

const terminal = new Set(['FAILED', 'CANCELED', 'FINISHED', 'SUSPENDED']);

/**
 * Polls GET /jobs/:id until the job is in `state`. A job that ends in another terminal state
 * fails at once with Flink's root exception, instead of waiting out the deadline.
 */
export async function waitForJobState(
  jobId: string,
  state: string,
  timeoutMs = 180_000,
): Promise<FlinkJobDetails> {
  return pollUntil(
    `Flink job ${jobId} to be ${state}`,
    async () => {
      const job = await flinkGet<FlinkJobDetails>(`/jobs/${jobId}`);
      if (job.state === state) return job;
      if (terminal.has(job.state)) {
        const exceptions = await flinkGet<{ rootException?: string }>(`/jobs/${jobId}/exceptions`).catch(
          () => ({ rootException: undefined }),
        );
        throw Object.assign(
          new Error(
            `job ${jobId} ended ${job.state}, expected ${state}: ${exceptions.rootException ?? '(none)'}`,
          ),
          { fatal: true },
        );
      }
      return undefined;
    },
    { timeoutMs, intervalMs: 1_000, stopOn: (error) => (error as { fatal?: boolean }).fatal === true },
  );
}

/** Cancels a job through the REST API (PATCH /jobs/:id?mode=cancel); Flink answers 202. */
export async function cancelJob(jobId: string): Promise<number> {
  const res = await fetch(`${stack.flinkRestUrl}/jobs/${jobId}?mode=cancel`, {
    method: 'PATCH',
    signal: AbortSignal.timeout(10_000),
  });
  return res.status;
}
