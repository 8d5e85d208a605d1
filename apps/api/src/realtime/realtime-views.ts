import { Inject, Injectable } from '@nestjs/common';
import type {
  CheckpointRef,
  Deployment as DeploymentContract,
  DeploymentSummary as DeploymentSummaryView,
  LiveStatus,
  RealtimeStatus,
} from '@sluice/api-contract';
import type { FlinkCheckpointRef, FlinkRestClient } from '@sluice/flink';
import { FLINK_REST } from './flink-rest.provider.js';
import type { Deployment } from './realtime.repository.js';
import { VANISHED } from './reconcile-decision.js';

// Timestamps stay `Date` here; JSON.stringify sends them as the contract's ISO strings.
export type DeploymentSummary = DeploymentSummaryView<Date>;
export type DeploymentView = DeploymentContract<Date>;
export type LiveView = LiveStatus<Date>;
export type StatusView = RealtimeStatus<Date>;
type PointView = CheckpointRef<Date> | null;

function point(ref: FlinkCheckpointRef | undefined): PointView {
  return ref ? { id: ref.id, path: ref.externalPath ?? null, at: new Date(ref.timestamp) } : null;
}

/**
 * Builds what the API shows about a deployment: the stored state (what the reconciler keeps true)
 * and, asked from Flink for the response, per-vertex/operator records in and out, checkpoint
 * status and the latest exception. Live parts fail soft: an unreachable cluster gives the stored
 * state with `live.reachable: false`.
 */
@Injectable()
export class RealtimeViews {
  constructor(@Inject(FLINK_REST) private readonly flink: FlinkRestClient) {}

  /** The jobs list's line for a job: state and links, nothing asked from Flink. */
  summary(jobName: string, d: Deployment): DeploymentSummary {
    const flinkState = d.flinkState === VANISHED ? null : d.flinkState;
    return {
      job: jobName,
      deploymentId: d.id,
      version: d.jobVersion,
      state: d.state,
      flinkState,
      dashboardUrl: d.flinkJobId ? this.flink.dashboardJobUrl(d.flinkJobId, flinkState ?? undefined) : null,
      runningSince: d.runningSince,
      endedAt: d.endedAt,
      updatedAt: d.updatedAt,
      lastError: d.lastError,
    };
  }

  deployment(d: Deployment): DeploymentView {
    const flinkState = d.flinkState === VANISHED ? null : d.flinkState;
    return {
      id: d.id,
      version: d.jobVersion,
      environment: d.environment,
      pipelineName: d.pipelineName,
      state: d.state,
      desiredState: d.desired,
      flinkJobId: d.flinkJobId,
      flinkState,
      dashboardUrl: d.flinkJobId ? this.flink.dashboardJobUrl(d.flinkJobId, flinkState ?? undefined) : null,
      createdAt: d.createdAt,
      startedAt: d.submittedAt,
      runningSince: d.runningSince,
      endedAt: d.endedAt,
      restarts: d.restartCount,
      autoRestart: { ...d.autoRestart, attempts: d.autoRestartAttempts, nextRestartAt: d.nextRestartAt },
      parameters: d.params,
      restoredFrom: d.restorePath,
      savepointPath: d.savepointPath,
      lastError: d.lastError
        ? { message: d.lastError, pythonTraceback: d.lastTraceback, at: d.lastErrorAt }
        : null,
      lostSince: d.lostSince,
      observedAt: d.observedAt,
      observedBy: d.observedBy,
    };
  }

  /** Live details of the deployment's Flink job, or null when it has none. */
  async live(d: Deployment, redact: (text: string) => string): Promise<LiveView | null> {
    const jobId = d.flinkJobId;
    if (!jobId || d.flinkState === VANISHED) return null;
    const options = { timeoutMs: 4_000 };
    let details: Awaited<ReturnType<FlinkRestClient['job']>>;
    try {
      details = await this.flink.job(jobId, options);
    } catch (error) {
      return { reachable: false, error: (error as Error).message };
    }
    const [records, checkpoints, exceptions] = await Promise.all([
      Promise.all(
        details.vertices.map((v) =>
          this.flink.vertexRecords(jobId, v.id, options).catch(() => ({
            recordsIn: v.recordsIn,
            recordsOut: v.recordsOut,
            operators: [],
          })),
        ),
      ),
      this.flink.checkpoints(jobId, options).catch(() => undefined),
      this.flink.exceptions(jobId, { ...options, maxExceptions: 5 }).catch(() => undefined),
    ]);
    const newest = exceptions?.entries[0];
    return {
      reachable: true,
      flinkState: details.state,
      startTime: new Date(details.startTime),
      vertices: details.vertices.map((v, i) => ({
        id: v.id,
        name: v.name,
        parallelism: v.parallelism,
        status: v.status,
        recordsIn: records[i]?.recordsIn ?? v.recordsIn,
        recordsOut: records[i]?.recordsOut ?? v.recordsOut,
        operators: records[i]?.operators ?? [],
      })),
      ...(checkpoints
        ? {
            checkpoints: {
              counts: checkpoints.counts,
              latestCompleted: point(checkpoints.latestCompleted),
              latestSavepoint: point(checkpoints.latestSavepoint),
              latestRestored: point(checkpoints.latestRestored),
              latestFailure: checkpoints.latestFailed
                ? {
                    at: new Date(checkpoints.latestFailed.timestamp),
                    message: checkpoints.latestFailed.failureMessage ?? null,
                  }
                : null,
            },
          }
        : {}),
      exception:
        exceptions && (exceptions.summary || exceptions.pythonTraceback)
          ? {
              summary: exceptions.summary ? redact(exceptions.summary) : null,
              pythonTraceback: exceptions.pythonTraceback ? redact(exceptions.pythonTraceback) : null,
              at: newest ? new Date(newest.timestamp) : null,
            }
          : null,
    };
  }
}
