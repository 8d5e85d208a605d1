/**
 * What the Flink REST client returns: camelCase views of Flink 2.2's JSON answers, holding only
 * what Sluice uses (status, progress, failures, checkpoints). Raw shapes are kept private to the
 * client so that a Flink upgrade changes one file.
 */

/** Flink's job states (`JobStatus`), as the REST API spells them. */
export type FlinkJobState =
  | 'INITIALIZING'
  | 'CREATED'
  | 'RUNNING'
  | 'FAILING'
  | 'FAILED'
  | 'CANCELLING'
  | 'CANCELED'
  | 'FINISHED'
  | 'RESTARTING'
  | 'SUSPENDED'
  | 'RECONCILING';

/** States after which the job will not change again on this cluster. */
export const TERMINAL_JOB_STATES: ReadonlySet<string> = new Set(['FAILED', 'CANCELED', 'FINISHED']);

export interface FlinkClusterInfo {
  flinkVersion: string;
  flinkRevision: string;
  taskManagers: number;
  slotsTotal: number;
  slotsAvailable: number;
  jobsRunning: number;
}

export interface FlinkJobSummary {
  id: string;
  name: string;
  /** Flink's state; a string because newer Flink versions may add states. */
  state: FlinkJobState | string;
  startTime: number;
  /** Epoch ms, or undefined while the job runs. */
  endTime?: number;
  durationMs: number;
  lastModification: number;
}

export interface FlinkVertex {
  id: string;
  name: string;
  parallelism: number;
  status: string;
  /** Records this vertex read from upstream vertices (0 for a source: Flink counts network input). */
  recordsIn: number;
  /** Records it sent to downstream vertices (0 for a sink). */
  recordsOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Per-subtask state counts, e.g. `{ RUNNING: 2 }`. */
  tasks: Record<string, number>;
}

export interface FlinkVertexRecords {
  /** Records the vertex took in: from upstream vertices, or read by its sources when it has none. */
  recordsIn: number;
  /** Records it sent to downstream vertices (0 when its chain ends in a sink). */
  recordsOut: number;
  /** Per chained operator (Flink's metric names, e.g. `Source__orders[1]`, `python_step_enrich`). */
  operators: { name: string; recordsIn: number; recordsOut: number }[];
}

export interface FlinkJobDetails extends FlinkJobSummary {
  /** `STREAMING` or `BATCH`. */
  jobType?: string;
  /** When each state was entered (epoch ms; 0 = never). */
  timestamps: Record<string, number>;
  vertices: FlinkVertex[];
}

export interface FlinkExceptionEntry {
  timestamp: number;
  exceptionName: string;
  /** The Java stack trace as Flink reports it. */
  stackTrace: string;
  /** The Python traceback inside it, when a python operator failed. */
  pythonTraceback?: string;
  taskName?: string;
  endpoint?: string;
}

export interface FlinkJobExceptions {
  /** Newest failure first; each with the failures that happened together with it. */
  entries: FlinkExceptionEntry[];
  /** The first Python traceback across all entries (what a user of a python step needs). */
  pythonTraceback?: string;
  /** One line for a status page: the Python exception line if any, else the root exception. */
  summary?: string;
  truncated: boolean;
}

export interface FlinkCheckpointRef {
  id: number;
  /** Where the checkpoint or savepoint is stored (`file:/...`); restore with `-s <externalPath>`. */
  externalPath?: string;
  isSavepoint: boolean;
  /** Epoch ms when it completed (or was restored, for {@link FlinkCheckpointStats.latestRestored}). */
  timestamp: number;
  stateSize?: number;
}

export interface FlinkCheckpointStats {
  counts: { restored: number; total: number; inProgress: number; completed: number; failed: number };
  latestCompleted?: FlinkCheckpointRef;
  latestSavepoint?: FlinkCheckpointRef;
  latestRestored?: FlinkCheckpointRef;
  latestFailed?: { id: number; timestamp: number; failureMessage?: string };
}

export type SavepointFormat = 'CANONICAL' | 'NATIVE';

export interface SavepointOptions {
  /** Directory for the savepoint; the cluster's `execution.checkpointing.savepoint-dir` when absent. */
  targetDirectory?: string;
  formatType?: SavepointFormat;
  /** How long to wait for Flink to finish it (default 5 minutes). */
  timeoutMs?: number;
  /** Poll interval while waiting (default 500 ms). */
  pollMs?: number;
  signal?: AbortSignal;
}

export interface StopWithSavepointOptions extends SavepointOptions {
  /** Emit MAX_WATERMARK before stopping (ends event-time windows); false keeps state resumable as is. */
  drain?: boolean;
}

export type SavepointStatus =
  | { status: 'IN_PROGRESS' }
  | { status: 'COMPLETED'; location: string }
  | { status: 'FAILED'; message: string; stackTrace?: string };
