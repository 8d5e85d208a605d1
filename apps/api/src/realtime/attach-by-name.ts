import type { FlinkJobSummary } from '@sluice/flink';

/**
 * How far Flink's clock may be behind ours when matching a job's start time to the moment its
 * submission was requested (the local cluster shares our clock; NTP keeps remote ones close).
 * Small on purpose: another installation sharing the cluster may run a job of the same name.
 */
export const CLOCK_SKEW_MS = 10_000;

/**
 * The Flink job a submission created, found by its name when the submission's answer was lost
 * (the API process died during `flink run`, or its queue job was redelivered): a job named
 * `sluice/<job>/v<version>` that started after the submission was requested, had not ended
 * before it, and that no deployment knows yet. The earliest such job wins: it is the one this
 * submission made.
 *
 * @example
 * findSubmittedJob(jobs, { pipelineName: 'sluice/orders/v3', submitRequestedAt }, knownIds)?.id;
 */
export function findSubmittedJob(
  jobs: readonly FlinkJobSummary[],
  deployment: { pipelineName: string; submitRequestedAt: Date | null },
  knownJobIds: ReadonlySet<string>,
): FlinkJobSummary | undefined {
  const requested = deployment.submitRequestedAt?.getTime() ?? 0;
  const since = requested - CLOCK_SKEW_MS;
  return jobs
    .filter(
      (j) =>
        j.name === deployment.pipelineName &&
        !knownJobIds.has(j.id) &&
        j.startTime >= since &&
        // A job that had already ended when the submission was requested is someone else's.
        !(j.endTime !== undefined && j.endTime < requested),
    )
    .sort((a, b) => a.startTime - b.startTime)[0];
}
