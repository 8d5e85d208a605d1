/** The states of a real-time deployment as Sluice shows them. */
export const REALTIME_STATES = [
  /** Submitted (or being submitted); Flink has not reported RUNNING yet. */
  'starting',
  'running',
  /** Flink is failing the job (FAILING); its restart strategy decides what comes next. */
  'failing',
  /** Flink restarts the job (its restart strategy), or Sluice restarts it (auto-restart, restart). */
  'restarting',
  /** Ended with an error; the exception (and Python traceback) is kept. */
  'failed',
  /** A bounded job ran to its end. */
  'finished',
  'cancelling',
  /** Cancelled, through Sluice or behind its back (Flink's REST API or Dashboard). */
  'cancelled',
  /** Stop-with-savepoint in progress. */
  'stopping',
  /** Stopped with a savepoint, from which a start resumes. */
  'stopped',
  /** The cluster does not answer, or no longer knows the job; its job id is kept for re-attaching. */
  'lost',
] as const;
export type DeploymentState = (typeof REALTIME_STATES)[number];

/** What the user asked for; a stop or cancel changes it, a start sets `running`. */
export type DesiredState = 'running' | 'stopped' | 'cancelled';

/** A deployment's stored state: what the reconciler keeps true, nothing asked from Flink. */
export interface Deployment<At = string> {
  id: number;
  version: number;
  environment: string;
  pipelineName: string;
  state: DeploymentState;
  desiredState: DesiredState;
  flinkJobId: string | null;
  flinkState: string | null;
  dashboardUrl: string | null;
  createdAt: At;
  startedAt: At | null;
  runningSince: At | null;
  endedAt: At | null;
  restarts: number;
  autoRestart: {
    enabled: boolean;
    maxAttempts: number;
    initialDelayMs: number;
    maxDelayMs: number;
    attempts: number;
    nextRestartAt: At | null;
  };
  /** Start values; secret ones are `***`. */
  parameters: Record<string, unknown>;
  restoredFrom: string | null;
  savepointPath: string | null;
  lastError: { message: string; pythonTraceback: string | null; at: At | null } | null;
  lostSince: At | null;
  observedAt: At | null;
  observedBy: string | null;
}

export interface CheckpointRef<At = string> {
  id: number;
  path: string | null;
  at: At;
}

/** Asked from Flink for the response; `reachable: false` (with `error`) when the cluster did not answer. */
export interface LiveStatus<At = string> {
  reachable: boolean;
  error?: string;
  flinkState?: string;
  startTime?: At;
  vertices?: {
    id: string;
    name: string;
    parallelism: number;
    status: string;
    recordsIn: number;
    recordsOut: number;
    operators: { name: string; recordsIn: number; recordsOut: number }[];
  }[];
  checkpoints?: {
    counts: { restored: number; total: number; inProgress: number; completed: number; failed: number };
    latestCompleted: CheckpointRef<At> | null;
    latestSavepoint: CheckpointRef<At> | null;
    latestRestored: CheckpointRef<At> | null;
    latestFailure: { at: At; message: string | null } | null;
  };
  exception?: { summary: string | null; pythonTraceback: string | null; at: At | null } | null;
}

export interface RealtimeStatus<At = string> {
  job: string;
  currentVersion: number;
  deployment: Deployment<At> | null;
  live: LiveStatus<At> | null;
}

export interface StopResult<At = string> {
  savepointPath: string | null;
  stoppedWith: 'savepoint' | 'cancel';
  status: RealtimeStatus<At>;
}

/**
 * The PyFlink script and plan a version compiles to, without starting it. `Plan` is
 * `@sluice/flink`'s `JobPlan` on the API side; the web app only shows it, as a record.
 */
export interface ScriptPreview<Plan = Record<string, unknown>> {
  job: string;
  version: number;
  pipelineName: string;
  script: string;
  config: Record<string, string>;
  plan: Plan;
  /** Declared start parameters: names and secrecy only. */
  parameters: { name: string; secret: boolean; required: boolean }[];
  warnings: string[];
}

export interface Savepoint<At = string> {
  path: string;
  kind: 'savepoint' | 'checkpoint';
  jobVersion: number;
  createdAt: At;
  flinkJobId: string | null;
  deploymentId: number | null;
  /** The files are still there (checked for local file: paths). */
  available: boolean;
}

export interface DeploymentEvent<At = string> {
  id: number;
  deploymentId: number;
  at: At;
  type: string;
  fromState: string | null;
  toState: string | null;
  flinkJobId: string | null;
  message: string;
}

/** A real-time job's newest deployment, as the jobs list shows it. */
export interface DeploymentSummary<At = string> {
  job: string;
  deploymentId: number;
  version: number;
  state: DeploymentState;
  flinkState: string | null;
  dashboardUrl: string | null;
  runningSince: At | null;
  endedAt: At | null;
  updatedAt: At;
  lastError: string | null;
}
