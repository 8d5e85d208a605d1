import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job as DagJob } from '@sluice/dag';
import { compileRealtimeJob, type FlinkRestClient } from '@sluice/flink';
import { FlinkSubmitError, submitRealtimeJob } from '@sluice/flink/node';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { JobsRepository } from '../jobs/jobs.repository.js';
import { QueueRegistry } from '../scheduler/queue-registry.js';
import { parsePayload } from '../scheduler/worker-catalog.js';
import { findSubmittedJob } from './attach-by-name.js';
import { DeploymentParams } from './deployment-params.js';
import { FLINK_REST } from './flink-rest.provider.js';
import { type Deployment, RealtimeRepository } from './realtime.repository.js';
import { RealtimeEnvironments } from './realtime-environment.js';

/** A redelivered submission waits this long for the job an earlier attempt may still be submitting. */
const REDELIVERY_WAIT_MS = 60_000;

/** The BullMQ job id of submission `seq` of a deployment (one per submission: re-adding is a no-op). */
export function submitQueueJobId(deploymentId: number, seq: number): string {
  return `rt-${deploymentId}-${seq}`;
}

/**
 * Processes `flink.submit`: compiles the deployment's job version and submits it with the
 * environment's Python (`submitRealtimeJob`: parameters through a 0600 file, never in the script,
 * the arguments or the client's environment), then records the Flink job id. The reconciler takes
 * it from there (RUNNING, failures, restarts).
 *
 * A payload for an older submission, or for a deployment that was cancelled meanwhile, does
 * nothing. A redelivered payload (the process that had it died) first looks for the job its
 * earlier attempt may have submitted, by name, so that a crash does not submit the job twice.
 */
@Injectable()
export class RealtimeSubmitProcessor {
  private readonly logger = new Logger('RealtimeSubmit');
  private readonly active = new Set<AbortController>();
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FLINK_REST) private readonly flink: FlinkRestClient,
    private readonly repo: RealtimeRepository,
    private readonly jobs: JobsRepository,
    private readonly environments: RealtimeEnvironments,
    private readonly params: DeploymentParams,
    private readonly queues: QueueRegistry,
  ) {}

  /** Aborts submissions in flight (shutdown); each is queued again for another worker. */
  stop(): void {
    this.stopping = true;
    for (const controller of this.active) controller.abort();
  }

  async process(job: Job): Promise<string> {
    const { deploymentId, seq } = parsePayload('flink.submit', job.data);
    const deployment = await this.repo.findById(deploymentId);
    if (!deployment || deployment.submitSeq !== seq || deployment.flinkJobId !== null || deployment.endedAt) {
      return 'superseded';
    }
    if (deployment.desired !== 'running') {
      await this.repo.update(deployment, { state: 'cancelled', endedAt: new Date() }, [
        {
          type: 'state',
          from: deployment.state,
          to: 'cancelled',
          message: 'cancelled before it was submitted',
        },
      ]);
      return 'cancelled';
    }
    // Only a payload handled before (a crash, a shutdown) can have a job already: a first attempt
    // does not look, so that a job of the same name from elsewhere is never taken for its own.
    const requeued = /-r\d+$/.test(job.id ?? '');
    const redelivered = job.attemptsStarted > 1 || job.stalledCounter > 0;
    const earlier =
      redelivered || requeued
        ? await this.earlierSubmission(deployment, redelivered ? REDELIVERY_WAIT_MS : 0)
        : undefined;
    if (earlier) {
      await this.repo.completeSubmission(deployment, seq, earlier, {
        type: 're-attached',
        message: `found Flink job ${earlier} by its name ${deployment.pipelineName}: an earlier attempt of this submission made it`,
      });
      return 'attached';
    }

    const controller = new AbortController();
    this.active.add(controller);
    let redact: (text: string) => string = (t) => t;
    try {
      const version = await this.jobs.version(deployment.jobId, deployment.jobVersion);
      if (!version) throw new FlinkSubmitError(`job version ${deployment.jobVersion} no longer exists`);
      const document = version.document as DagJob;
      const compiled = compileRealtimeJob({ job: document, version: deployment.jobVersion });
      const environment = await this.environments.check(deployment.environment);
      const resolved = await this.params.resolve(document.parameters, deployment);
      redact = resolved.redact;
      await this.repo.addEvents(deployment, [
        {
          type: 'submitting',
          message:
            `submitting ${deployment.pipelineName} with environment '${environment.name}' (PyFlink ${environment.pyflinkVersion}, Flink ${environment.clusterVersion})` +
            (environment.jars.length > 0 ? `, ${environment.jars.length} extra jar(s)` : '') +
            (deployment.restorePath ? `, restoring ${deployment.restorePath}` : ', without restoring state'),
        },
      ]);
      const submitted = await submitRealtimeJob({
        compiled,
        restUrl: this.config.flink.restUrl,
        python: environment.python,
        params: resolved.values,
        ...(this.config.realtime.flinkHome ? { flinkHome: this.config.realtime.flinkHome } : {}),
        ...(this.config.realtime.javaHome ? { javaHome: this.config.realtime.javaHome } : {}),
        ...(deployment.restorePath ? { restoreFrom: deployment.restorePath } : {}),
        allowNonRestoredState: deployment.allowNonRestored,
        extraJars: environment.jars,
        timeoutMs: this.config.realtime.submitTimeoutMs,
        signal: controller.signal,
      });
      const outcome = await this.repo.completeSubmission(deployment, seq, submitted.jobId, {
        type: 'submitted',
        message: `submitted as Flink job ${submitted.jobId}${submitted.warnings.length ? ` (${submitted.warnings.join('; ')})` : ''}`,
      });
      if (outcome === 'superseded') {
        // A newer submission or a cancel won meanwhile: this job has no deployment, do not leave it running.
        await this.flink.cancel(submitted.jobId).catch(() => undefined);
        this.logger.warn(
          `deployment ${deployment.id}: submission ${seq} was superseded; cancelled ${submitted.jobId}`,
        );
        return 'superseded';
      }
      const after = await this.repo.findById(deployment.id);
      if (after && after.desired === 'cancelled') {
        // Cancelled while `flink run` was going: the cancel could not reach a job that did not exist yet.
        await this.flink.cancel(submitted.jobId).catch(() => undefined);
      }
      this.logger.log(
        `deployment ${deployment.id}: submitted ${deployment.pipelineName} as ${submitted.jobId}`,
      );
      return submitted.jobId;
    } catch (error) {
      if (controller.signal.aborted && this.stopping) return this.requeue(deployment, seq);
      await this.fail(deployment, seq, error, redact);
      return 'failed';
    } finally {
      this.active.delete(controller);
    }
  }

  /** A job named like this deployment that an earlier attempt submitted (polls for `waitMs`). */
  private async earlierSubmission(deployment: Deployment, waitMs: number): Promise<string | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        const [jobs, known] = await Promise.all([
          this.flink.listJobs({ timeoutMs: 5_000 }),
          this.repo.knownFlinkJobIds(),
        ]);
        const found = findSubmittedJob(jobs, deployment, known);
        if (found) return found.id;
      } catch {
        // The cluster does not answer: the submission below fails with a clear message.
      }
      if (Date.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }

  private async fail(
    deployment: Deployment,
    seq: number,
    error: unknown,
    redact: (text: string) => string,
  ): Promise<void> {
    const message = redact(error instanceof Error ? error.message : String(error));
    const output = error instanceof FlinkSubmitError && error.output ? redact(error.output) : null;
    // Re-read: the reconciler may have touched the row while `flink run` ran.
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.repo.findById(deployment.id);
      if (!current || current.submitSeq !== seq || current.flinkJobId !== null || current.endedAt) return;
      const updated = await this.repo.update(
        current,
        {
          state: 'failed',
          lastError: `submission failed: ${message}`,
          lastTraceback: output,
          lastErrorAt: new Date(),
          endedAt: new Date(),
        },
        [{ type: 'submit-failed', from: current.state, to: 'failed', message }],
      );
      if (updated) break;
    }
    this.logger.warn(`deployment ${deployment.id}: submission failed: ${message}`);
  }

  private async requeue(deployment: Deployment, seq: number): Promise<string> {
    await this.queues
      .add(
        'flink.submit',
        { deploymentId: deployment.id, seq },
        // A new id: the interrupted job's id stays taken until BullMQ finishes it.
        {
          jobId: `${submitQueueJobId(deployment.id, seq)}-r${Date.now()}`,
          removeOnComplete: 100,
          removeOnFail: 100,
        },
      )
      .catch(() => undefined);
    return 'requeued';
  }
}
