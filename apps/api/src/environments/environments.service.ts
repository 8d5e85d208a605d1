import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Environment } from '@sluice/api-contract';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { type EnvironmentRow, fromJson } from '../db/index.js';
import { LiveChannels } from '../scheduler/live-channels.js';
import { QueueRegistry } from '../scheduler/queue-registry.js';
import {
  type CreateEnvironmentInput,
  DEFAULT_ENVIRONMENT,
  type EnvironmentStatus,
  type UpdateEnvironmentInput,
} from './environment.types.js';
import { EnvironmentsRepository } from './environments.repository.js';
import { buildDirOf, PYFLINK_MARKER, type PyflinkMarker } from './pyflink-runtime.js';

/** A job cannot run because its environment is missing, failed or not built yet. */
export class EnvironmentNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentNotReadyError';
  }
}

/** An environment as the API shows it; JSON.stringify sends the `Date`s as ISO strings. */
export type EnvironmentView = Environment<Date>;

/** Cancel requests for builds, heard by whichever worker runs the build. */
export const ENV_CANCEL_CHANNEL = 'env-cancel';

/**
 * Python environments: one venv per environment under `<dataDir>/envs/<name>/build-<n>/venv`,
 * built by the `env.build` queue job. A rebuild creates a new directory, so runs that started on
 * the previous build keep working while it builds; the previous build is removed after the next
 * one succeeds.
 */
@Injectable()
export class EnvironmentsService {
  private readonly logger = new Logger('Environments');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: EnvironmentsRepository,
    private readonly queues: QueueRegistry,
    private readonly channels: LiveChannels,
  ) {}

  /** Root directory of one environment's builds. */
  environmentDir(name: string): string {
    return join(this.config.dataDir, 'envs', name);
  }

  view(row: EnvironmentRow): EnvironmentView {
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      requirements: row.requirements,
      flinkVersion: row.flink_version,
      jars: fromJson<string[]>(row.jars),
      status: row.status as EnvironmentStatus,
      stale: row.built_requirements !== null && row.built_requirements !== row.requirements,
      build: {
        number: row.build_number,
        progress: row.progress,
        step: row.build_step,
        error: row.error,
        startedAt: row.build_started_at,
        finishedAt: row.build_finished_at,
      },
      pythonVersion: row.python_version,
      pyflink: pyflinkView(row.python_path),
      usable: this.problem(row) === undefined,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async list(): Promise<EnvironmentView[]> {
    return (await this.repo.list()).map((row) => this.view(row));
  }

  async get(name: string): Promise<EnvironmentRow> {
    const row = await this.repo.findByName(name);
    if (!row) throw new NotFoundException(`environment '${name}' does not exist`);
    return row;
  }

  async create(input: CreateEnvironmentInput): Promise<EnvironmentRow> {
    const row = await this.repo.insert(input);
    if (!row) throw new ConflictException(`environment '${input.name}' already exists`);
    if (input.build) await this.requestBuild(row.id);
    return (await this.repo.findById(row.id))!;
  }

  async update(name: string, input: UpdateEnvironmentInput): Promise<EnvironmentRow> {
    const row = await this.get(name);
    await this.repo.update(row.id, {
      ...(input.description !== undefined && { description: input.description }),
      ...(input.requirements !== undefined && { requirements: input.requirements }),
      ...(input.flinkVersion !== undefined && { flink_version: input.flinkVersion }),
      ...(input.jars !== undefined && { jars: JSON.stringify(input.jars) }),
    });
    const requirementsChanged = input.requirements !== undefined && input.requirements !== row.requirements;
    if (input.build ?? requirementsChanged) await this.requestBuild(row.id);
    return (await this.repo.findById(row.id))!;
  }

  /** Queues a (re)build; a build already running for an older build number finishes as superseded. */
  async build(name: string): Promise<EnvironmentRow> {
    const row = await this.get(name);
    await this.requestBuild(row.id);
    return (await this.repo.findById(row.id))!;
  }

  private async requestBuild(id: number): Promise<void> {
    const buildNumber = await this.repo.queueBuild(id);
    await this.channels
      .publish(ENV_CANCEL_CHANNEL, { environmentId: id, beforeBuild: buildNumber })
      .catch(() => undefined);
    await this.queues.add(
      'env.build',
      { environmentId: id, buildNumber },
      {
        jobId: `env-${id}-build-${buildNumber}`,
        removeOnComplete: { count: 100 },
        removeOnFail: { count: 100 },
      },
    );
  }

  async delete(name: string): Promise<void> {
    const row = await this.get(name);
    const users = await this.repo.jobsUsing(name);
    if (users.length > 0) {
      throw new ConflictException(
        `environment '${name}' is used by ${users.length} job${users.length === 1 ? '' : 's'} (${users.slice(0, 10).join(', ')}${users.length > 10 ? ', ...' : ''}); move them to another environment first`,
      );
    }
    await this.channels
      .publish(ENV_CANCEL_CHANNEL, { environmentId: row.id, beforeBuild: Number.MAX_SAFE_INTEGER })
      .catch(() => undefined);
    await this.repo.delete(row.id);
    await rm(this.environmentDir(name), { recursive: true, force: true });
  }

  /** Why runs cannot use this environment now, or undefined when they can. */
  problem(row: EnvironmentRow | undefined, name = row?.name ?? '?'): string | undefined {
    if (!row)
      return `environment '${name}' does not exist; create it (POST /api/v1/environments) or pick another one`;
    if (row.status === 'FAILED') {
      return `environment '${row.name}' failed to build${row.error ? ` (${row.error})` : ''}; fix its requirements and rebuild it (POST /api/v1/environments/${row.name}/build)`;
    }
    if (!row.python_path) {
      return `environment '${row.name}' is not built yet (status ${row.status}${row.status === 'BUILDING' ? `, ${row.progress}%` : ''}); wait for the build or start it (POST /api/v1/environments/${row.name}/build)`;
    }
    if (!existsSync(row.python_path)) {
      return `environment '${row.name}' has no venv on this worker (${row.python_path} is missing); rebuild it (POST /api/v1/environments/${row.name}/build)`;
    }
    return undefined;
  }

  /** Interpreter of a usable environment; throws EnvironmentNotReadyError with the reason otherwise. */
  async pythonFor(name: string): Promise<string> {
    const row = await this.repo.findByName(name);
    const problem = this.problem(row, name);
    if (problem) throw new EnvironmentNotReadyError(problem);
    return row!.python_path!;
  }

  async exists(name: string): Promise<boolean> {
    return (await this.repo.findByName(name)) !== undefined;
  }

  /** Why a job on `name` cannot run now, or undefined. */
  async readiness(name: string): Promise<string | undefined> {
    return this.problem(await this.repo.findByName(name), name);
  }

  /**
   * First start: creates the `default` environment (standard library only) and builds it. Also
   * rebuilds ready environments whose venv is missing on this host (e.g. after `.data/` was wiped).
   */
  async ensureDefaults(): Promise<void> {
    const created = await this.repo.insert({
      name: DEFAULT_ENVIRONMENT,
      description: 'Python standard library only; the environment jobs use unless they name another',
      requirements: '',
      flinkVersion: null,
      jars: [],
    });
    if (created) {
      this.logger.log(`created the '${DEFAULT_ENVIRONMENT}' environment; building it`);
      await this.requestBuild(created.id);
    }
    for (const row of await this.repo.list()) {
      if (row.status === 'PENDING' && row.name === DEFAULT_ENVIRONMENT && !created)
        await this.requestBuild(row.id);
      if (row.status === 'READY' && row.python_path && !existsSync(row.python_path)) {
        this.logger.warn(`environment '${row.name}': ${row.python_path} is missing; rebuilding it`);
        await this.requestBuild(row.id);
      } else if (
        // `default` serves real-time jobs too: a build from before PyFlink support gets the runtime.
        row.name === DEFAULT_ENVIRONMENT &&
        row.status === 'READY' &&
        row.python_path &&
        pyflinkView(row.python_path) === null &&
        this.config.realtime.pyflinkRuntimes.some((python) => existsSync(python))
      ) {
        this.logger.log(`environment '${row.name}' has no PyFlink yet; rebuilding it to link the runtime`);
        await this.requestBuild(row.id);
      }
    }
  }

  /**
   * Queues again the builds that wait (QUEUED/BUILDING) without a live `env.build` job: the
   * enqueue was lost (Redis flushed, another deployment's prefix) or a crash happened between
   * the row update and the enqueue. A build whose worker died is not affected: BullMQ hands its
   * job to another worker.
   */
  async reconcileBuilds(now = new Date()): Promise<number> {
    const waiting = (await this.repo.list()).filter(
      (row) =>
        (row.status === 'QUEUED' || row.status === 'BUILDING') &&
        now.getTime() - row.updated_at.getTime() > 60_000,
    );
    if (waiting.length === 0) return 0;
    const queue = this.queues.queue('env-builds');
    const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized']);
    const live = new Set(jobs.filter(Boolean).map((j) => `${j.data?.environmentId}:${j.data?.buildNumber}`));
    let requeued = 0;
    for (const row of waiting) {
      if (live.has(`${row.id}:${row.build_number}`)) continue;
      await this.queues.add(
        'env.build',
        { environmentId: row.id, buildNumber: row.build_number },
        {
          jobId: `env-${row.id}-build-${row.build_number}-r${now.getTime()}`,
          removeOnComplete: { count: 100 },
          removeOnFail: { count: 100 },
        },
      );
      this.logger.warn(
        `environment '${row.name}' build ${row.build_number} had no queue job; queued it again`,
      );
      requeued++;
    }
    return requeued;
  }

  buildLog(row: EnvironmentRow, buildNumber: number, afterSeq: number, limit: number) {
    return this.repo.buildLog(row.id, buildNumber, afterSeq, limit);
  }
}

/** What a ready build recorded about its PyFlink (`<build>/pyflink.json`), read without starting Python. */
function pyflinkView(pythonPath: string | null): EnvironmentView['pyflink'] {
  if (!pythonPath) return null;
  try {
    const marker = JSON.parse(
      readFileSync(`${buildDirOf(pythonPath)}/${PYFLINK_MARKER}`, 'utf8'),
    ) as PyflinkMarker;
    return { version: marker.version, source: marker.source };
  } catch {
    return null;
  }
}
