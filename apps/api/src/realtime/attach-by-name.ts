import type { FlinkJobSummary } from '@sluice/flink';

/**
 * How far Flink's clock may be behind ours when matching a job's start time to the moment its
 * submission was requested (the local cluster shares our clock; a remote one may not).
 */
export const CLOCK_SKEW_MS = 60_000;

/**
 * The Flink job a submission created, found by its name when the submission's answer was lost
 * (the API process died during `flink run`, or its queue job was redelivered): a job named
 * `sluice/<job>/v<version>` that started after the submission was requested and that no
 * deployment knows yet. The earliest such job wins: it is the one this submission made.
 *
 * @example
 * findSubmittedJob(jobs, { pipelineName: 'sluice/orders/v3', submitRequestedAt }, knownIds)?.id;
 */
export function findSubmittedJob(
  jobs: readonly FlinkJobSummary[],
  deployment: { pipelineName: string; submitRequestedAt: Date | null },
  knownJobIds: ReadonlySet<string>,
): FlinkJobSummary | undefined {
  const since = (deployment.submitRequestedAt?.getTime() ?? 0) - CLOCK_SKEW_MS;
  return jobs
    .filter((j) => j.name === deployment.pipelineName && !knownJobIds.has(j.id) && j.startTime >= since)
    .sort((a, b) => a.startTime - b.startTime)[0];
}
