/** What the caller (the BullMQ run processor, a test, the benchmark) hands to `executeDag`. */

export type RunLogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * One structured line of a run's log. `stream` says where it came from: `runner` for the engine's
 * own events, `stdout`/`stderr`/`log` for what a Python step printed or logged, `print` for the
 * print sink. Messages never contain secret values (see `SecretRedactor`).
 */
export interface RunLogEvent {
  at: Date;
  level: RunLogLevel;
  /** Node name, absent for run-level events. */
  node?: string;
  stream: 'runner' | 'stdout' | 'stderr' | 'log' | 'print';
  message: string;
  /** Python traceback attached to the error event of a failed step. */
  traceback?: string;
}

export type NodeStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface NodeStats {
  nodeId: string;
  name: string;
  kind: 'source' | 'python' | 'sink';
  status: NodeStatus;
  /** Records received from parents (python, sink); 0 for sources. */
  recordsIn: number;
  /** Records handed to children (source, python); for sinks, records written. */
  recordsOut: number;
  batchesIn: number;
  batchesOut: number;
  /** Time spent inside the node's own work (reading, the Python call, writing), not waiting. */
  busyMs: number;
  startedAt?: Date;
  finishedAt?: Date;
}

export interface RunContext {
  /** Identifies the run in part-file names and log lines; unique per run. */
  runId: string;
  /** Start parameter values of this run (secrets included); declared defaults fill the gaps. */
  params: Record<string, unknown>;
  /** Interpreter of an environment's venv (`.../bin/python`). */
  pythonFor: (environment: string) => string | Promise<string>;
  /** Directory holding the `sluice_runtime` package (packages/python). */
  runtimeDir: string;
  /** Cancel or run timeout: aborting stops the run within seconds and reports it cancelled. */
  signal?: AbortSignal;
  log: (event: RunLogEvent) => void;
  /** Called every `statsIntervalMs` while the run goes, and once at the end with final numbers. */
  onNodeStats?: (stats: NodeStats[]) => void;
  /** Records per batch read from sources and sent to Python. Default 1000. */
  batchSize?: number;
  /**
   * Longest one Python batch or `close(ctx)` may take before the step is killed. Default 300 s.
   * Start-up (interpreter, imports, `open(ctx)`) gets the larger of this and 60 s.
   */
  stepTimeoutMs?: number;
  /** Default 1000 ms. */
  statsIntervalMs?: number;
  /** Most output lines kept per Python step per run; the rest are counted. Default 10000. */
  stepLogLimit?: number;
  /** Most lines a print sink writes to the run log per run; the rest are counted. Default 1000. */
  printLimit?: number;
  /**
   * Directories filesystem connectors may read and write under. Unset means anywhere the worker
   * process can reach; set it on shared workers so that a job cannot read the host's files.
   */
  filesystemRoots?: readonly string[];
  /** Kafka client id prefix (the broker logs it). Default `sluice-runner`. */
  kafkaClientId?: string;
}

/** How a run ended. `executeDag` resolves with this; it does not throw for run failures. */
export interface RunOutcome {
  status: 'succeeded' | 'failed' | 'cancelled';
  startedAt: Date;
  finishedAt: Date;
  nodes: NodeStats[];
  error?: {
    message: string;
    /** Node that failed the run, when one did. */
    node?: string;
    traceback?: string;
  };
}
