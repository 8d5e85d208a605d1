import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { fromJson } from '../db/index.js';
import { LiveChannels } from '../scheduler/live-channels.js';
import { QueueRegistry } from '../scheduler/queue-registry.js';
import { parsePayload } from '../scheduler/worker-catalog.js';
import {
  type EnvironmentLiveMessage,
  EnvironmentLogWriter,
  environmentLogChannel,
} from './environment-log.writer.js';
import { EnvironmentsRepository } from './environments.repository.js';
import { ENV_CANCEL_CHANNEL, EnvironmentsService } from './environments.service.js';
import { probeRuntimes } from './pyflink-runtime.js';
import { buildVenv, VenvBuildError } from './venv-builder.js';

/** Progress within one step is written at most this often: pip can print hundreds of lines a second. */
const PROGRESS_EVERY_MS = 500;

/**
 * Processes `env.build`: builds the venv of one environment build number. A build whose number
 * is no longer current (a rebuild was requested, or the environment deleted) stops and leaves
 * the newer build's state alone.
 */
@Injectable()
export class EnvBuildProcessor {
  private readonly logger = new Logger('EnvBuild');
  private readonly active = new Map<number, { buildNumber: number; controller: AbortController }>();
  private unsubscribe: (() => void) | undefined;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: EnvironmentsRepository,
    private readonly environments: EnvironmentsService,
    private readonly channels: LiveChannels,
    private readonly queues: QueueRegistry,
  ) {}

  /** Listens for cancel requests (rebuild or delete from any API process). */
  async start(): Promise<void> {
    this.unsubscribe = await this.channels.subscribe(ENV_CANCEL_CHANNEL, (message) => {
      const { environmentId, beforeBuild } = message as { environmentId: number; beforeBuild: number };
      const active = this.active.get(environmentId);
      if (active && active.buildNumber < beforeBuild) active.controller.abort();
    });
  }

  /** Aborts running builds (shutdown); each is queued again for another (or the next) worker. */
  stop(): void {
    this.stopping = true;
    this.unsubscribe?.();
    for (const { controller } of this.active.values()) controller.abort();
  }

  async process(job: Job): Promise<string> {
    const { environmentId, buildNumber } = parsePayload('env.build', job.data);
    const row = await this.repo.findById(environmentId);
    if (!row || row.build_number !== buildNumber) return 'superseded';
    const controller = new AbortController();
    this.active.set(environmentId, { buildNumber, controller });
    const log = new EnvironmentLogWriter(environmentId, buildNumber, this.repo, this.channels);
    const channel = environmentLogChannel(environmentId);
    const publish = (message: EnvironmentLiveMessage) =>
      this.channels.publish(channel, message).catch(() => undefined);
    let lastProgressAt = 0;
    let lastStep = '';
    const requirements = row.requirements;
    const dir = join(this.environments.environmentDir(row.name), `build-${buildNumber}`);
    try {
      await this.repo.updateBuild(environmentId, buildNumber, {
        status: 'BUILDING',
        progress: 0,
        build_step: 'starting',
        build_started_at: new Date(),
        error: null,
      });
      log.write(
        'builder',
        `build ${buildNumber} of environment '${row.name}' on ${this.config.scheduler.python}`,
      );
      // Real-time jobs: every environment gets PyFlink when it can (see pyflink-runtime.ts).
      const { runtimes, problems } = await probeRuntimes(this.config.realtime.pyflinkRuntimes);
      for (const problem of problems) log.write('builder', problem);
      const result = await buildVenv({
        python: this.config.scheduler.python,
        dir,
        requirements,
        pyflink: { flinkVersion: row.flink_version, runtimes },
        jars: { coordinates: fromJson<string[]>(row.jars), maven: this.config.realtime.maven },
        signal: controller.signal,
        log: (stream, message) => log.write(stream, message),
        progress: ({ step, percent }) => {
          const now = Date.now();
          // A new step always shows; within a step, pip's line rate is thinned out.
          if (step === lastStep && now - lastProgressAt < PROGRESS_EVERY_MS) return;
          lastProgressAt = now;
          lastStep = step;
          void this.repo.updateBuild(environmentId, buildNumber, { progress: percent, build_step: step });
          void publish({ type: 'progress', buildNumber, status: 'BUILDING', percent, step });
        },
      });
      log.write(
        'builder',
        `ready: Python ${result.pythonVersion} at ${result.pythonPath}` +
          (result.pyflink ? `, PyFlink ${result.pyflink.version}` : ', no PyFlink') +
          (result.jars.length > 0 ? `, ${result.jars.length} extra jar(s)` : ''),
      );
      await log.flush();
      const current = await this.repo.updateBuild(environmentId, buildNumber, {
        status: 'READY',
        progress: 100,
        build_step: 'ready',
        python_path: result.pythonPath,
        python_version: result.pythonVersion,
        built_requirements: requirements,
        build_finished_at: new Date(),
      });
      await publish({ type: 'end', buildNumber, status: current ? 'READY' : 'SUPERSEDED' });
      if (current) await this.pruneBuilds(row.name, buildNumber);
      await this.repo.pruneLogs(environmentId, buildNumber);
      return current ? 'ready' : 'superseded';
    } catch (error) {
      if (this.stopping) return this.requeue(environmentId, buildNumber, dir, log);
      const message =
        error instanceof VenvBuildError ? error.message : `unexpected error: ${(error as Error).message}`;
      log.write('builder', `build failed: ${message}`);
      await log.flush();
      const current = await this.repo.updateBuild(environmentId, buildNumber, {
        status: 'FAILED',
        build_step: 'failed',
        error: message,
        build_finished_at: new Date(),
      });
      await publish({ type: 'end', buildNumber, status: current ? 'FAILED' : 'SUPERSEDED' });
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      if (current) this.logger.warn(`environment '${row.name}' build ${buildNumber} failed: ${message}`);
      return current ? 'failed' : 'superseded';
    } finally {
      if (this.active.get(environmentId)?.controller === controller) this.active.delete(environmentId);
    }
  }

  private async requeue(
    environmentId: number,
    buildNumber: number,
    dir: string,
    log: EnvironmentLogWriter,
  ): Promise<string> {
    log.write('builder', 'interrupted: this worker is shutting down; the build is queued again');
    await log.flush();
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    const current = await this.repo.updateBuild(environmentId, buildNumber, {
      status: 'QUEUED',
      progress: 0,
      build_step: 'interrupted by a worker shutdown; queued again',
    });
    if (current) {
      // A new job id: the interrupted job's id is still taken until it completes.
      await this.queues.add(
        'env.build',
        { environmentId, buildNumber },
        { jobId: `env-${environmentId}-build-${buildNumber}-r${Date.now()}` },
      );
    }
    return 'requeued';
  }

  /** Keeps the new build and the one before it (runs that started on it may still be going). */
  private async pruneBuilds(name: string, current: number): Promise<void> {
    const root = this.environments.environmentDir(name);
    const entries = await readdir(root).catch(() => [] as string[]);
    for (const entry of entries) {
      const match = /^build-(\d+)$/.exec(entry);
      if (match && Number(match[1]) < current - 1)
        await rm(join(root, entry), { recursive: true, force: true });
    }
  }
}
