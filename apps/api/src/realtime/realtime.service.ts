import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Savepoint, ScriptPreview, StopResult } from '@sluice/api-contract';
import type { Job as DagJob } from '@sluice/dag';
import {
  type CompiledRealtimeJob,
  compileRealtimeJob,
  FlinkNotFoundError,
  type FlinkRestClient,
  FlinkSavepointError,
  FlinkUnreachableError,
  RealtimeCompileError,
} from '@sluice/flink';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { RequestInvalidException } from '../jobs/http/zod-http.js';
import type { StoredJob } from '../jobs/jobs.repository.js';
import { JobsService } from '../jobs/jobs.service.js';
import { prepareRunParameters } from '../jobs/run-parameters.js';
import { QueueRegistry } from '../scheduler/queue-registry.js';
import { JobSecretsStore } from '../secrets/job-secrets.store.js';
import { DeploymentParams } from './deployment-params.js';
import { FLINK_REST } from './flink-rest.provider.js';
import type { RestartRequest, StartRequest } from './realtime.dto.js';
import {
  type Deployment,
  DeploymentActiveError,
  type DeploymentChanges,
  type EventView,
  type NewDeployment,
  type NewEvent,
  RealtimeRepository,
} from './realtime.repository.js';
import { EnvironmentMismatchError, RealtimeEnvironments } from './realtime-environment.js';
import { FLINK_TERMINAL, isTerminal } from './realtime-state.js';
import { submitQueueJobId } from './realtime-submit.processor.js';
import { type DeploymentSummary, RealtimeViews, type StatusView } from './realtime-views.js';
import { VANISHED } from './reconcile-decision.js';
import { chooseRestorePoint, type RestoreRequest, restorePointExists } from './restore-point.js';

export type ScriptView = ScriptPreview<CompiledRealtimeJob['plan']>;
export type SavepointView = Savepoint<Date>;

const JOB_SETTING_RESTORES = new Set(['latest', 'latest-savepoint', 'latest-checkpoint', 'none']);

function restoreRequest(text: string): RestoreRequest {
  return JOB_SETTING_RESTORES.has(text) ? (text as RestoreRequest) : { path: text };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Real-time jobs through the API: script preview, start, stop with savepoint, cancel, restart,
 * status, savepoints and history. Starting queues a `flink.submit` (the submission takes tens of
 * seconds); what happens after that is the reconciler's (see README.md). Everything a request
 * changes is a conditional update on the deployment's revision, retried on a conflict with the
 * reconciler.
 */
@Injectable()
export class RealtimeService {
  private readonly logger = new Logger('Realtime');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FLINK_REST) private readonly flink: FlinkRestClient,
    private readonly jobs: JobsService,
    private readonly repo: RealtimeRepository,
    private readonly secrets: JobSecretsStore,
    private readonly environments: RealtimeEnvironments,
    private readonly params: DeploymentParams,
    private readonly queues: QueueRegistry,
    private readonly views: RealtimeViews,
  ) {}

  // --- reading ----------------------------------------------------------------------------------

  async script(name: string, version?: number): Promise<ScriptView> {
    const { job, versionNumber } = await this.versionOf(await this.realtimeJob(name), version);
    const compiled = this.compile(job, versionNumber);
    return {
      job: name,
      version: versionNumber,
      pipelineName: compiled.pipelineName,
      script: compiled.script,
      config: compiled.config,
      plan: compiled.plan,
      parameters: compiled.parameters,
      warnings: compiled.warnings,
    };
  }

  /** The newest deployment of every real-time job that has one; read from the database only. */
  async deployments(): Promise<DeploymentSummary[]> {
    const rows = await this.repo.latestPerJob();
    return rows.map(({ jobName, deployment }) => this.views.summary(jobName, deployment));
  }

  async status(name: string): Promise<StatusView> {
    const stored = await this.realtimeJob(name);
    const deployment = await this.repo.latest(stored.id);
    if (!deployment) return { job: name, currentVersion: stored.version, deployment: null, live: null };
    const document = (await this.versionOf(stored, deployment.jobVersion).catch(() => undefined))?.job;
    const redact = await this.params.redactor(document?.parameters ?? [], deployment);
    return {
      job: name,
      currentVersion: stored.version,
      deployment: this.views.deployment(deployment),
      live: await this.views.live(deployment, redact),
    };
  }

  async savepoints(name: string): Promise<SavepointView[]> {
    const stored = await this.realtimeJob(name);
    return (await this.repo.restorePoints(stored.id)).map((p) => ({
      path: p.path,
      kind: p.kind,
      jobVersion: p.jobVersion,
      createdAt: p.createdAt,
      flinkJobId: p.flinkJobId,
      deploymentId: p.deploymentId,
      available: restorePointExists(p.path),
    }));
  }

  async history(name: string, query: { before?: number; limit: number }): Promise<EventView[]> {
    const stored = await this.realtimeJob(name);
    return this.repo.history(stored.id, {
      ...(query.before !== undefined ? { beforeId: query.before } : {}),
      limit: query.limit,
    });
  }

  // --- start, restart -----------------------------------------------------------------------------

  /** Checks everything that can be checked now, records the deployment and queues its submission. */
  async start(name: string, input: StartRequest): Promise<StatusView> {
    const stored = await this.realtimeJob(name);
    const { job, versionNumber } = await this.versionOf(stored, input.version);
    const compiled = this.compile(job, versionNumber);
    const storedSecrets = new Set(Object.keys(await this.secrets.status(stored.id)));
    const prepared = prepareRunParameters(job.parameters, input.parameters, storedSecrets);
    if (prepared.issues.length > 0) {
      throw new RequestInvalidException('start parameters are invalid (see issues)', prepared.issues);
    }
    await this.checkEnvironment(name, job.environment);
    const restore = input.restore ?? job.realtime?.restore ?? 'latest-savepoint';
    const restorePath = await this.restorePath(stored.id, restoreRequest(restore));
    const deployment = await this.create(stored, {
      jobVersion: versionNumber,
      environment: job.environment,
      pipelineName: compiled.pipelineName,
      params: prepared.shown,
      secretParams: this.secrets.sealRunSecrets(stored.id, prepared.secrets),
      restoreMode: restore.length > 24 ? 'path' : restore,
      restorePath,
      allowNonRestored: input.allowNonRestoredState,
      autoRestart: this.autoRestart(job),
      restartCount: 0,
      event: {
        type: 'start-requested',
        to: 'starting',
        message: `start of version ${versionNumber}${restorePath ? ` from ${restorePath}` : ' without restoring state'}`,
      },
    });
    await this.enqueue(deployment);
    return this.status(name);
  }

  /**
   * Restart: a running deployment is stopped with a savepoint and started again from it (a new
   * deployment with the same parameters, its restart count carried on); an ended one is started
   * again from `restore` (default `latest`).
   */
  async restart(name: string, input: RestartRequest): Promise<StatusView> {
    const stored = await this.realtimeJob(name);
    const previous = await this.repo.latest(stored.id);
    if (!previous)
      throw new ConflictException(
        `job '${name}' was never started; start it first (POST .../realtime/start)`,
      );
    let savepoint: string | null = null;
    if (!previous.endedAt) {
      if (previous.state !== 'running') {
        throw new ConflictException(
          `job '${name}' is ${previous.state}; a restart stops a running job with a savepoint: wait until it runs, or cancel it and start it again`,
        );
      }
      savepoint = (await this.stopDeployment(previous)).savepointPath;
    }
    const { job, versionNumber } = await this.versionOf(stored, input.version ?? previous.jobVersion);
    const compiled = this.compile(job, versionNumber);
    await this.checkEnvironment(name, job.environment);
    const restorePath =
      input.restore !== undefined || savepoint === null
        ? await this.restorePath(stored.id, restoreRequest(input.restore ?? 'latest'))
        : savepoint;
    const deployment = await this.create(stored, {
      jobVersion: versionNumber,
      environment: job.environment,
      pipelineName: compiled.pipelineName,
      params: previous.params,
      secretParams: previous.secretParams,
      restoreMode:
        input.restore === undefined ? 'latest' : input.restore.length > 24 ? 'path' : input.restore,
      restorePath,
      allowNonRestored: input.allowNonRestoredState,
      autoRestart: this.autoRestart(job),
      restartCount: previous.restartCount + 1,
      event: {
        type: 'restart-requested',
        to: 'restarting',
        message: `restart of deployment ${previous.id} as version ${versionNumber}${restorePath ? ` from ${restorePath}` : ' without restoring state'}`,
      },
      state: 'restarting',
    });
    await this.enqueue(deployment);
    return this.status(name);
  }

  private async create(
    stored: StoredJob,
    input: Omit<NewDeployment, 'jobId'> & { restartCount: number; event: NewEvent },
  ): Promise<Deployment> {
    try {
      return await this.repo.createDeployment(
        { jobId: stored.id, ...input },
        input.event,
        // The cluster answered a moment ago (environment check) and no longer knows the job of a
        // deployment that vanished: a new start replaces it. One lost to an outage is kept: the
        // reconciler re-attaches it.
        (active) =>
          active.state === 'lost' && active.flinkState === VANISHED
            ? `replaced by a new start: the cluster no longer knows Flink job ${active.flinkJobId}`
            : undefined,
      );
    } catch (error) {
      if (error instanceof DeploymentActiveError) {
        const d = error.deployment;
        throw new ConflictException(
          `job '${stored.name}' already has an active deployment (${d.id}, ${d.state}${d.flinkJobId ? `, Flink job ${d.flinkJobId}` : ''}); stop or cancel it first`,
        );
      }
      throw error;
    }
  }

  private async enqueue(deployment: Deployment): Promise<void> {
    try {
      await this.queues.add(
        'flink.submit',
        { deploymentId: deployment.id, seq: deployment.submitSeq },
        {
          jobId: submitQueueJobId(deployment.id, deployment.submitSeq),
          removeOnComplete: 100,
          removeOnFail: 100,
        },
      );
    } catch (error) {
      // Without a queued submission the deployment would wait forever: end it now, visibly.
      await this.change(deployment.id, () => ({
        changes: {
          state: 'failed',
          lastError: `could not queue the submission: ${describe(error)}`,
          endedAt: new Date(),
        },
        events: [
          {
            type: 'submit-failed',
            to: 'failed',
            message: `could not queue the submission: ${describe(error)}`,
          },
        ],
      }));
      throw new ServiceUnavailableException(`cannot queue the submission (Redis): ${describe(error)}`);
    }
  }

  // --- stop, cancel -------------------------------------------------------------------------------

  async stop(name: string): Promise<StopResult<Date>> {
    const stored = await this.realtimeJob(name);
    const deployment = await this.activeDeployment(stored, 'stop');
    if ((stored.document as DagJob).realtime?.savepointOnStop === false) {
      // The job opted out of stop savepoints (say, its state is cheap to rebuild and savepoints are
      // large): a stop is a cancel, and state survives only in retained checkpoints.
      return { savepointPath: null, stoppedWith: 'cancel', status: await this.cancel(name) };
    }
    if (deployment.state !== 'running') {
      throw new ConflictException(
        deployment.state === 'stopping'
          ? `job '${name}' is already stopping with a savepoint; GET .../realtime shows when it is stopped`
          : `job '${name}' is ${deployment.state}; stop-with-savepoint needs a running job${deployment.state === 'lost' ? ' (the cluster must answer)' : ', or cancel it'}`,
      );
    }
    const { savepointPath } = await this.stopDeployment(deployment);
    return { savepointPath, stoppedWith: 'savepoint', status: await this.status(name) };
  }

  /**
   * Stops a running deployment with a savepoint and waits for it (up to SLUICE_FLINK_STOP_TIMEOUT_MS).
   * The trigger id is stored first, so that the reconciler can finish a stop whose requesting
   * process went away. A savepoint Flink reports as failed leaves the job running (Flink's
   * behaviour), and the deployment says so.
   */
  private async stopDeployment(deployment: Deployment): Promise<{ savepointPath: string | null }> {
    const jobId = deployment.flinkJobId as string;
    // Only from running: a second stop while one is in flight would make Flink refuse it, and
    // the refusal would look like a failed stop.
    const claimed = await this.change(deployment.id, (d) =>
      d.state === 'running'
        ? {
            changes: { desired: 'stopped', state: 'stopping' },
            events: [
              {
                type: 'stop-requested',
                from: d.state,
                to: 'stopping',
                message: 'stop with savepoint requested',
              },
            ],
          }
        : undefined,
    );
    if (!claimed)
      throw new ConflictException(
        `deployment ${deployment.id} is no longer running (a stop may be in progress)`,
      );
    let triggerId: string;
    try {
      triggerId = await this.flink.triggerStopWithSavepoint(jobId, { timeoutMs: 10_000 });
    } catch (error) {
      await this.revertStop(deployment.id, `stop request refused: ${describe(error)}`);
      if (error instanceof FlinkUnreachableError) throw new ServiceUnavailableException(error.message);
      throw new ConflictException(`Flink refused to stop job ${jobId}: ${describe(error)}`);
    }
    await this.change(deployment.id, () => ({ changes: { stopTriggerId: triggerId }, events: [] }));
    let location: string;
    try {
      location = await this.flink.awaitSavepoint(jobId, triggerId, {
        timeoutMs: this.config.realtime.stopTimeoutMs,
      });
    } catch (error) {
      if (error instanceof FlinkSavepointError && /did not complete within/.test(error.message)) {
        // Still in progress: the reconciler finishes the stop when Flink does.
        return { savepointPath: null };
      }
      await this.revertStop(deployment.id, `the savepoint failed, the job keeps running: ${describe(error)}`);
      throw new ConflictException(`stop with savepoint failed for job ${jobId}: ${describe(error)}`);
    }
    await this.repo.recordRestorePoint({
      jobId: deployment.jobId,
      deploymentId: deployment.id,
      flinkJobId: jobId,
      jobVersion: deployment.jobVersion,
      kind: 'savepoint',
      path: location,
      createdAt: new Date(),
    });
    const finalState = await this.awaitFlinkEnd(jobId);
    await this.change(deployment.id, (d) => {
      const changes: DeploymentChanges = { savepointPath: location };
      const events: NewEvent[] = [];
      if (!d.endedAt) {
        Object.assign(changes, {
          state: 'stopped',
          flinkState: finalState ?? 'FINISHED',
          endedAt: new Date(),
          runningSince: null,
        });
        events.push({
          type: 'stopped',
          from: d.state,
          to: 'stopped',
          message: `stopped with savepoint ${location}`,
        });
      }
      return { changes, events };
    });
    this.logger.log(
      `deployment ${deployment.id} (${deployment.pipelineName}) stopped with savepoint ${location}`,
    );
    return { savepointPath: location };
  }

  /** Polls until Flink reports the job ended (a stop's savepoint completes just before FINISHED). */
  private async awaitFlinkEnd(jobId: string): Promise<string | undefined> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      try {
        const { state } = await this.flink.job(jobId, { timeoutMs: 3_000 });
        if (FLINK_TERMINAL.has(state)) return state;
      } catch {
        return undefined;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    return undefined;
  }

  private async revertStop(id: number, message: string): Promise<void> {
    await this.change(id, (d) =>
      d.state === 'stopping'
        ? {
            changes: { desired: 'running', state: 'running', stopTriggerId: null },
            events: [{ type: 'stop-failed', from: 'stopping', to: 'running', message }],
          }
        : undefined,
    );
  }

  /**
   * Cancels without a savepoint (state stays in the retained checkpoints). Also ends a scheduled
   * automatic restart, and a submission still in flight (the job is cancelled once it exists).
   */
  async cancel(name: string): Promise<StatusView> {
    const stored = await this.realtimeJob(name);
    const deployment = await this.activeDeployment(stored, 'cancel');
    const updated = await this.change(deployment.id, (d) => {
      if (d.endedAt) return undefined;
      if (d.nextRestartAt !== null) {
        return {
          changes: { desired: 'cancelled', state: 'cancelled', nextRestartAt: null, endedAt: new Date() },
          events: [
            {
              type: 'cancel-requested',
              from: d.state,
              to: 'cancelled',
              message: 'cancelled; the scheduled automatic restart will not happen',
            },
          ],
        };
      }
      return {
        changes: { desired: 'cancelled', state: 'cancelling' },
        events: [{ type: 'cancel-requested', from: d.state, to: 'cancelling', message: 'cancel requested' }],
      };
    });
    if (!updated) throw new ConflictException(`deployment ${deployment.id} of job '${name}' already ended`);
    if (updated.flinkJobId && updated.state === 'cancelling') {
      try {
        await this.flink.cancel(updated.flinkJobId, { timeoutMs: 10_000 });
      } catch (error) {
        if (error instanceof FlinkNotFoundError) {
          await this.change(updated.id, (d) => ({
            changes: { state: 'cancelled', endedAt: new Date() },
            events: [
              {
                type: 'state',
                from: d.state,
                to: 'cancelled',
                message: `the cluster no longer knows Flink job ${d.flinkJobId}`,
              },
            ],
          }));
        } else if (error instanceof FlinkUnreachableError) {
          // desired=cancelled stays: the reconciler cancels the job when the cluster answers again.
          throw new ServiceUnavailableException(
            `${error.message}; the job is cancelled when the cluster answers again`,
          );
        } else if (!/not found|already/i.test(describe(error))) {
          throw new ConflictException(
            `Flink refused to cancel job ${updated.flinkJobId}: ${describe(error)}`,
          );
        }
      }
    }
    return this.status(name);
  }

  // --- helpers ------------------------------------------------------------------------------------

  private async realtimeJob(name: string): Promise<StoredJob> {
    const stored = await this.jobs.get(name);
    if (stored.kind !== 'realtime') {
      throw new ConflictException(
        `job '${name}' is a ${stored.kind} job; real-time actions need a realtime job`,
      );
    }
    return stored;
  }

  private async versionOf(
    stored: StoredJob,
    version?: number,
  ): Promise<{ job: DagJob; versionNumber: number }> {
    if (version === undefined || version === stored.version) {
      return { job: stored.document as DagJob, versionNumber: stored.version };
    }
    const found = await this.jobs.version(stored.name, version);
    return { job: found.document as DagJob, versionNumber: version };
  }

  private compile(job: DagJob, version: number): CompiledRealtimeJob {
    try {
      return compileRealtimeJob({ job, version });
    } catch (error) {
      if (error instanceof RealtimeCompileError) {
        throw new RequestInvalidException(
          `version ${version} cannot run on Flink: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} (see issues)`,
          error.issues.map((i) => ({
            path: i.path,
            message: i.message,
            ...(i.nodeId ? { nodeId: i.nodeId } : {}),
          })),
        );
      }
      throw error;
    }
  }

  private autoRestart(job: DagJob): Deployment['autoRestart'] {
    const a = job.realtime?.autoRestart;
    return {
      enabled: a?.enabled ?? false,
      maxAttempts: a?.maxAttempts ?? 3,
      initialDelayMs: a?.initialDelayMs ?? 10_000,
      maxDelayMs: a?.maxDelayMs ?? 300_000,
    };
  }

  private async checkEnvironment(jobName: string, environment: string): Promise<void> {
    try {
      await this.environments.check(environment);
    } catch (error) {
      if (error instanceof EnvironmentMismatchError) {
        throw new ConflictException(`cannot start job '${jobName}': ${error.message}`);
      }
      if (error instanceof FlinkUnreachableError) {
        throw new ServiceUnavailableException(`cannot start job '${jobName}': ${error.message}`);
      }
      if (error instanceof NotFoundException) {
        throw new ConflictException(`cannot start job '${jobName}': ${error.message}`);
      }
      throw error;
    }
  }

  private async restorePath(jobId: number, request: RestoreRequest): Promise<string | null> {
    const points = await this.repo.restorePoints(jobId);
    const choice = chooseRestorePoint(request, points, restorePointExists);
    if (!choice.ok) {
      throw new RequestInvalidException('restore is invalid (see issues)', [
        { path: 'restore', message: choice.problem },
      ]);
    }
    return choice.point?.path ?? null;
  }

  private async activeDeployment(stored: StoredJob, action: string): Promise<Deployment> {
    const deployment = await this.repo.latest(stored.id);
    if (!deployment || deployment.endedAt || isTerminal(deployment.state)) {
      throw new ConflictException(
        `job '${stored.name}' has no active deployment to ${action}${deployment ? ` (the last one is ${deployment.state})` : ''}`,
      );
    }
    return deployment;
  }

  /**
   * Re-reads the deployment, asks `fn` what to change, and writes it at the revision read;
   * retries when the reconciler wrote in between. `fn` returning undefined means "nothing to do".
   */
  private async change(
    id: number,
    fn: (d: Deployment) => { changes: DeploymentChanges; events: NewEvent[] } | undefined,
  ): Promise<Deployment | undefined> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.repo.findById(id);
      if (!current) return undefined;
      const wanted = fn(current);
      if (!wanted) return undefined;
      const updated = await this.repo.update(current, wanted.changes, wanted.events);
      if (updated) return updated;
    }
    throw new ConflictException(`deployment ${id} keeps changing; try again`);
  }
}
