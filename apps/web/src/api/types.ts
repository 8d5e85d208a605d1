/**
 * Response shapes of the Sluice API. `@sluice/api-contract` declares them once: the API builds its
 * answers as these types, so a field renamed there fails this app's build instead of drifting.
 * Timestamps arrive as ISO strings (the contract's default `At`); the job document itself is
 * `@sluice/dag`'s `Job`.
 */
export {
  type BuildLogLine,
  type CheckpointRef,
  type CronPreview,
  type Deployment,
  type DeploymentEvent,
  type DeploymentState,
  type DeploymentSummary,
  type DesiredState,
  type Environment,
  type EnvironmentStatus,
  type JobList,
  type JobVersion,
  type JobVersionSummary,
  type JobView,
  type LiveStatus,
  LOG_STREAMS,
  type LogLevel,
  type LogLine,
  type LogPage,
  type LogStream,
  type NodeRun,
  type NodeRunStatus,
  type RealtimeStatus,
  RUN_STATUSES,
  type Run,
  type RunStatus,
  type RunTrigger,
  type Savepoint,
  type ScheduleView,
  type ScriptPreview,
  type SecretStatus,
  type StopResult,
  type VersionDiff,
} from '@sluice/api-contract';
