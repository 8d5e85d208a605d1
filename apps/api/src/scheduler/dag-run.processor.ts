import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job as DagJob } from '@sluice/dag';
import { DelayedError, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { fromJson, type RunRow } from '../db/index.js';
import { EnvironmentsService } from '../environments/environments.service.js';
import { JobsRepository } from '../jobs/jobs.repository.js';
import { missingRequired, SECRET_PLACEHOLDER } from '../jobs/run-parameters.js';
import { executeDag } from '../runner/dag-executor.js';
import type { NodeStats, RunOutcome } from '../runner/run-context.js';
import { RunLogWriter } from '../runs/run-log.writer.js';
import { isTerminal, type RunStatus } from '../runs/run-status.js';
import { RunsRepository } from '../runs/runs.repository.js';
import { RUN_CANCEL_CHANNEL } from '../runs/runs.service.js';
import { JobSecretsStore } from '../secrets/job-secrets.store.js';
import { LiveChannels } from './live-channels.js';
import { RunFinisher } from './run-finisher.js';
import { parsePayload } from './worker-catalog.js';

/** How often a running run proves its worker is alive (and picks up a missed cancel). */
export const HEARTBEAT_MS = 5_000;
/** A heartbeat younger than this means the run's worker is alive. */
const LIVE_HEARTBEAT_MS = 3 * HEARTBEAT_MS;
/** Node stats are written at most this often while a run goes. */
const STATS_EVERY_MS = 1_000;

type StopReason = 'cancel' | 'timeout' | 'shutdown';

interface ActiveRun {
  controller: AbortController;
  reason?: StopReason;
}

/** Poll delay while a run waits for a concurrency slot: 0.5 s doubling to 10 s (finishing runs also wake it). */
function slotWaitMs(started: number): number {
  return Math.min(10_000, 500 * 2 ** Math.min(started, 5));
}

/**
 * Processes `dag.run`: takes a concurrency slot for the run (oldest first), executes the job
 * version with the batch runner, streams logs and per-node stats to the database and live
 * viewers, enforces the run timeout, honours cancel from any process, and ends the run through
 * RunFinisher (which applies the retry policy).
 *
 * A run found RUNNING when its queue job is delivered again was being run by a worker that died
 * (BullMQ's stalled-job detection re-queued it): it fails as "worker lost" and is retried per
 * policy, never left running.
 */
@Injectable()
export class DagRunProcessor {
  private readonly logger = new Logger('DagRun');
  private readonly active = new Map<number, ActiveRun>();
  readonly workerId = `${hostname()}:${process.pid}`;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runs: RunsRepository,
    private readonly jobs: JobsRepository,
    private readonly environments: EnvironmentsService,
    private readonly secrets: JobSecretsStore,
    private readonly channels: LiveChannels,
    private readonly finisher: RunFinisher,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.channels.subscribe(RUN_CANCEL_CHANNEL, (message) => {
      const runId = (message as { runId?: unknown }).runId;
      if (typeof runId === 'number') this.stop(runId, 'cancel');
    });
  }

  /** Stops every run of this process (shutdown); they end FAILED and retry per policy elsewhere. */
  stopAll(): void {
    this.unsubscribe?.();
    for (const runId of this.active.keys()) this.stop(runId, 'shutdown');
  }

  get activeRunIds(): number[] {
    return [...this.active.keys()];
  }

  private stop(runId: number, reason: StopReason): void {
    const active = this.active.get(runId);
    if (!active || active.reason) return;
    active.reason = reason;
    const message =
      reason === 'cancel'
        ? 'cancelled by a user'
        : reason === 'shutdown'
          ? 'the worker is shutting down'
          : 'run timed out';
    active.controller.abort(new Error(message));
  }

  async process(job: Job, token: string | undefined): Promise<string> {
    const { runId } = parsePayload('dag.run', job.data);
    const run = await this.runs.findById(runId);
    if (!run) return 'run deleted';
    if (isTerminal(run.status)) return `already ${run.status}`;
    if (run.status === 'RUNNING') {
      if (this.active.has(runId)) return 'already running here';
      // Delivered again while its worker still heartbeats: BullMQ thought the job stalled (a long
      // pause of that worker's event loop), but the run is alive. Look again later.
      const beat = run.heartbeat_at?.getTime() ?? 0;
      if (Date.now() - beat < LIVE_HEARTBEAT_MS) {
        await job.moveToDelayed(Date.now() + LIVE_HEARTBEAT_MS, token);
        throw new DelayedError();
      }
      await this.finisher.workerLost(
        run,
        `the worker running it (${run.worker ?? 'unknown'}) stopped responding (last heartbeat ${run.heartbeat_at?.toISOString() ?? 'never'})`,
      );
      return 'worker lost';
    }
    const version = await this.jobs.version(run.job_id, run.job_version);
    if (!version) {
      await this.finisher.finish(run, 'FAILED', { error: `job version ${run.job_version} no longer exists` });
      return 'version missing';
    }
    const dag = version.document as DagJob;
    const claim = await this.runs.claimSlot(runId, run.job_id, dag.schedule?.concurrency ?? 1, this.workerId);
    if (claim === 'wait') {
      await job.moveToDelayed(Date.now() + slotWaitMs(job.attemptsStarted), token);
      throw new DelayedError();
    }
    if (claim === 'cancelled') {
      await this.finisher.finish(run, 'CANCELLED', { error: 'cancelled before it started' });
      return 'cancelled';
    }
    if (claim === 'not-queued') return 'not queued';
    const started = (await this.runs.findById(runId))!;
    const status = await this.execute(started, dag);
    return status;
  }

  private async execute(run: RunRow, dag: DagJob): Promise<RunStatus> {
    const controller = new AbortController();
    const active: ActiveRun = { controller };
    this.active.set(run.id, active);
    const log = new RunLogWriter(run.id, this.runs, this.channels, (error) =>
      this.logger.warn(`run ${run.id}: cannot store log lines: ${error.message}`),
    );
    const timeoutMs = dag.schedule?.timeoutMs ?? 3_600_000;
    const timeout = setTimeout(() => this.stop(run.id, 'timeout'), timeoutMs);
    const heartbeat = setInterval(() => {
      this.runs
        .heartbeat(run.id)
        .then(({ cancelRequested, status }) => {
          if (cancelRequested || status === undefined) this.stop(run.id, 'cancel');
        })
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    let lastStats: NodeStats[] = [];
    let statsWrite: Promise<void> = Promise.resolve();
    let lastStatsAt = 0;
    const writeStats = (stats: NodeStats[]) => {
      statsWrite = statsWrite.then(() => this.runs.upsertNodeStats(run.id, stats)).catch(() => undefined);
    };
    let outcome: RunOutcome | undefined;
    let internal: Error | undefined;
    try {
      log.write({
        level: 'info',
        stream: 'runner',
        message: `run ${run.id} of job '${dag.name}' version ${run.job_version} (${run.trigger_type}${run.attempt > 1 ? `, attempt ${run.attempt}` : ''}) started on ${this.workerId}`,
      });
      const python = await this.environments.pythonFor(dag.environment);
      const params = await this.parameters(run, dag);
      outcome = await executeDag(dag, {
        runId: String(run.id),
        params,
        pythonFor: () => python,
        runtimeDir: this.config.scheduler.pythonRuntimeDir,
        signal: controller.signal,
        log: (event) =>
          log.write({
            at: event.at,
            level: event.level,
            stream: event.stream,
            node: event.node,
            message: event.message,
            traceback: event.traceback,
          }),
        onNodeStats: (stats) => {
          lastStats = stats;
          const now = Date.now();
          if (now - lastStatsAt >= STATS_EVERY_MS) {
            lastStatsAt = now;
            writeStats(stats);
          }
        },
        kafkaClientId: `sluice-run-${run.id}`,
        filesystemRoots: this.config.scheduler.filesystemRoots,
      });
    } catch (error) {
      internal = error as Error;
    } finally {
      clearTimeout(timeout);
      clearInterval(heartbeat);
      this.active.delete(run.id);
    }
    const { status, error, node } = this.classify(outcome, internal, active.reason, timeoutMs);
    if (outcome) lastStats = outcome.nodes;
    writeStats(lastStats);
    await statsWrite;
    if (status !== 'SUCCEEDED')
      log.write({ level: 'error', stream: 'runner', message: `run ${status.toLowerCase()}: ${error}` });
    else log.write({ level: 'info', stream: 'runner', message: 'run succeeded' });
    const { lines, dropped } = await log.close();
    await this.finisher.finish(run, status, {
      error: status === 'SUCCEEDED' ? null : error,
      error_node: node ?? null,
      log_lines: lines,
      log_dropped: dropped,
    });
    return status;
  }

  private classify(
    outcome: RunOutcome | undefined,
    internal: Error | undefined,
    reason: StopReason | undefined,
    timeoutMs: number,
  ): { status: RunStatus; error?: string; node?: string } {
    if (!outcome) {
      // pythonFor / parameters / an unexpected runner exception: the message is the reason.
      return { status: 'FAILED', error: internal?.message ?? 'the run did not start' };
    }
    if (outcome.status === 'succeeded') return { status: 'SUCCEEDED' };
    if (outcome.status === 'cancelled' || reason) {
      if (reason === 'timeout')
        return {
          status: 'TIMEOUT',
          error: `run timed out after ${Math.round(timeoutMs / 1000)} s (schedule.timeoutMs)`,
        };
      if (reason === 'shutdown')
        return { status: 'FAILED', error: 'worker lost: the worker shut down while the run was going' };
      return { status: 'CANCELLED', error: 'cancelled by a user' };
    }
    return { status: 'FAILED', error: outcome.error?.message ?? 'the run failed', node: outcome.error?.node };
  }

  /**
   * Parameter values for the runner: stored job secrets, the run's own values, and the run's
   * encrypted secret values. Declared defaults are applied by the runner.
   */
  private async parameters(run: RunRow, dag: DagJob): Promise<Record<string, unknown>> {
    const stored = await this.secrets.reveal(run.job_id);
    const shown = fromJson<Record<string, unknown>>(run.params);
    const own = Object.fromEntries(Object.entries(shown).filter(([, v]) => v !== SECRET_PLACEHOLDER));
    const runSecrets = this.secrets.openRunSecrets(run.job_id, run.secret_params);
    const params = { ...stored, ...own, ...runSecrets };
    const missing = missingRequired(dag.parameters, new Set(Object.keys(params)));
    if (missing.length > 0) {
      const secret = missing.filter((name) => dag.parameters.find((p) => p.name === name)?.secret);
      throw new Error(
        `required parameter${missing.length === 1 ? '' : 's'} ${missing.map((m) => `'${m}'`).join(', ')} ha${missing.length === 1 ? 's' : 've'} no value` +
          (secret.length > 0
            ? `; store secret values with PUT /api/v1/jobs/${dag.name}/secrets`
            : '; give a default or run it with a value'),
      );
    }
    return params;
  }
}
