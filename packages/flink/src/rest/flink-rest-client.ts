import {
  FlinkHttpError,
  FlinkNotFoundError,
  FlinkProtocolError,
  FlinkSavepointError,
  FlinkUnreachableError,
} from './flink-rest.errors.js';
import type {
  FlinkCheckpointRef,
  FlinkCheckpointStats,
  FlinkClusterInfo,
  FlinkExceptionEntry,
  FlinkJobDetails,
  FlinkJobExceptions,
  FlinkJobSummary,
  FlinkVertexRecords,
  SavepointOptions,
  SavepointStatus,
  StopWithSavepointOptions,
} from './flink-rest.types.js';
import { TERMINAL_JOB_STATES } from './flink-rest.types.js';
import { extractPythonTraceback, pythonExceptionLine } from './python-traceback.js';

export interface FlinkRestClientOptions {
  /** JobManager REST endpoint, e.g. `http://127.0.0.1:8081`. */
  restUrl: string;
  /** Base URL of the Dashboard users open (default: `restUrl`; differs behind a proxy). */
  dashboardUrl?: string;
  /** Per-request timeout (default 10 s): an unreachable cluster never hangs a caller. */
  timeoutMs?: number;
  /** For tests or custom agents; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Flink job ids are 32 hex digits; checking first turns a typo into a clear error, not a 400. */
const JOB_ID = /^[0-9a-f]{32}$/;

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function firstLines(body: string): string[] {
  try {
    const errors = asRecord(JSON.parse(body)).errors;
    if (Array.isArray(errors) && errors.length > 0) return errors.map((e) => String(e).split('\n')[0] ?? '');
  } catch {
    // not JSON: use the raw text below
  }
  return body.trim() === '' ? [] : [body.trim().slice(0, 300)];
}

/** undici's `fetch failed` hides the reason in `cause` (a code such as ECONNREFUSED, or a message). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string' && cause.message !== '') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A typed, fetch-based client of the Flink 2.x JobManager REST API: cluster info, job status with
 * per-vertex records in/out, exceptions with the Python traceback lifted out, checkpoint stats,
 * savepoints, stop-with-savepoint and cancel. Browser-safe (no Node APIs), so the web app could
 * use it through a proxy too.
 *
 * Errors: {@link FlinkUnreachableError} (no answer / timeout), {@link FlinkNotFoundError} (404),
 * {@link FlinkHttpError} (other non-2xx), {@link FlinkProtocolError} (unexpected body),
 * {@link FlinkSavepointError} (a savepoint Flink reported as failed or that timed out).
 *
 * @example
 * const flink = new FlinkRestClient({ restUrl: 'http://127.0.0.1:8081' });
 * const { flinkVersion } = await flink.clusterInfo();
 * const job = await flink.job(jobId);
 * if (job.state === 'RUNNING') {
 *   const savepoint = await flink.stopWithSavepoint(jobId, { targetDirectory: 'file:///data/savepoints' });
 * }
 */
export class FlinkRestClient {
  readonly restUrl: string;
  readonly dashboardUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: FlinkRestClientOptions) {
    this.restUrl = options.restUrl.replace(/\/+$/, '');
    this.dashboardUrl = (options.dashboardUrl ?? options.restUrl).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  // --- plumbing -------------------------------------------------------------------------------

  private async request(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions = {},
  ): Promise<unknown> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.restUrl}${path}`, {
        method,
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      const timedOut = timeout.aborted;
      const reason = timedOut ? `no answer within ${timeoutMs} ms` : networkReason(error);
      throw new FlinkUnreachableError(
        `Flink at ${this.restUrl} is unreachable (${method} ${path}: ${reason})`,
        method,
        path,
        timedOut,
        { cause: error },
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new FlinkUnreachableError(
        `Flink at ${this.restUrl} broke off its answer to ${method} ${path}`,
        method,
        path,
        timeout.aborted,
        { cause: error },
      );
    }
    if (!response.ok) {
      const errors = firstLines(text);
      const message = `Flink ${method} ${path} answered ${response.status}: ${errors.join('; ') || '(empty body)'}`;
      if (response.status === 404) throw new FlinkNotFoundError(message, method, path, errors);
      throw new FlinkHttpError(message, method, path, response.status, errors);
    }
    if (text.trim() === '') return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new FlinkProtocolError(
        `Flink ${method} ${path} answered with a body that is not JSON`,
        method,
        path,
      );
    }
  }

  private jobPath(jobId: string, suffix = ''): string {
    if (!JOB_ID.test(jobId)) throw new TypeError(`"${jobId}" is not a Flink job id (32 hex digits)`);
    return `/jobs/${jobId}${suffix}`;
  }

  // --- cluster --------------------------------------------------------------------------------

  /**
   * Version and capacity of the cluster (`GET /overview`).
   *
   * @example
   * (await flink.clusterInfo()).flinkVersion; // '2.2.1'
   */
  async clusterInfo(options?: RequestOptions): Promise<FlinkClusterInfo> {
    const o = asRecord(await this.request('GET', '/overview', undefined, options));
    const version = str(o['flink-version']);
    if (!version)
      throw new FlinkProtocolError('Flink GET /overview has no flink-version', 'GET', '/overview');
    return {
      flinkVersion: version,
      flinkRevision: str(o['flink-commit']),
      taskManagers: num(o.taskmanagers),
      slotsTotal: num(o['slots-total']),
      slotsAvailable: num(o['slots-available']),
      jobsRunning: num(o['jobs-running']),
    };
  }

  // --- jobs -----------------------------------------------------------------------------------

  /**
   * Every job the cluster knows (running and, until they expire, finished ones).
   *
   * @example
   * const running = (await flink.listJobs()).filter((j) => j.state === 'RUNNING');
   */
  async listJobs(options?: RequestOptions): Promise<FlinkJobSummary[]> {
    const o = asRecord(await this.request('GET', '/jobs/overview', undefined, options));
    const jobs = Array.isArray(o.jobs) ? o.jobs : [];
    return jobs.map((j) => {
      const r = asRecord(j);
      return summary(str(r.jid), r);
    });
  }

  /**
   * State, timing and per-vertex progress of one job. Throws {@link FlinkNotFoundError} when the
   * cluster does not know it.
   *
   * @example
   * const { state, vertices } = await flink.job(jobId);
   * const written = vertices.at(-1)?.recordsIn;
   */
  async job(jobId: string, options?: RequestOptions): Promise<FlinkJobDetails> {
    const r = asRecord(await this.request('GET', this.jobPath(jobId), undefined, options));
    const vertices = (Array.isArray(r.vertices) ? r.vertices : []).map((v) => {
      const vr = asRecord(v);
      const metrics = asRecord(vr.metrics);
      const tasks: Record<string, number> = {};
      for (const [state, count] of Object.entries(asRecord(vr.tasks))) {
        if (num(count) > 0) tasks[state] = num(count);
      }
      return {
        id: str(vr.id),
        name: str(vr.name),
        parallelism: num(vr.parallelism),
        status: str(vr.status),
        recordsIn: num(metrics['read-records']),
        recordsOut: num(metrics['write-records']),
        bytesIn: num(metrics['read-bytes']),
        bytesOut: num(metrics['write-bytes']),
        tasks,
      };
    });
    const timestamps: Record<string, number> = {};
    for (const [state, at] of Object.entries(asRecord(r.timestamps))) timestamps[state] = num(at);
    return {
      ...summary(str(r.jid, jobId), r),
      jobType: typeof r['job-type'] === 'string' ? r['job-type'] : undefined,
      timestamps,
      vertices,
    };
  }

  /**
   * Failures of the job, newest first, with the Python traceback lifted out of the Java stack.
   *
   * @example
   * const { summary, pythonTraceback } = await flink.exceptions(jobId);
   */
  async exceptions(
    jobId: string,
    options?: RequestOptions & { maxExceptions?: number },
  ): Promise<FlinkJobExceptions> {
    const max = options?.maxExceptions ?? 20;
    const r = asRecord(
      await this.request('GET', this.jobPath(jobId, `/exceptions?maxExceptions=${max}`), undefined, options),
    );
    const history = asRecord(r.exceptionHistory);
    const entries: FlinkExceptionEntry[] = [];
    const toEntry = (raw: unknown): FlinkExceptionEntry => {
      const e = asRecord(raw);
      const stackTrace = str(e.stacktrace);
      const pythonTraceback = extractPythonTraceback(stackTrace);
      return {
        timestamp: num(e.timestamp),
        exceptionName: str(e.exceptionName),
        stackTrace,
        ...(pythonTraceback ? { pythonTraceback } : {}),
        ...(typeof e.taskName === 'string' ? { taskName: e.taskName } : {}),
        ...(typeof e.endpoint === 'string' ? { endpoint: e.endpoint } : {}),
      };
    };
    const nested: FlinkExceptionEntry[] = [];
    for (const raw of Array.isArray(history.entries) ? history.entries : []) {
      entries.push(toEntry(raw));
      const concurrent = asRecord(raw).concurrentExceptions;
      for (const c of Array.isArray(concurrent) ? concurrent : []) nested.push(toEntry(c));
    }
    // The root entry is often "Recovery is suppressed..."; the python failure sits in a
    // concurrent exception. Search roots first, then the concurrent ones.
    const withPython = [...entries, ...nested].find((e) => e.pythonTraceback);
    const pythonTraceback = withPython?.pythonTraceback;
    const first = entries[0];
    const summaryLine = pythonTraceback
      ? pythonExceptionLine(pythonTraceback)
      : first
        ? (first.stackTrace.split('\n')[0] ?? first.exceptionName)
        : undefined;
    return {
      entries: [...entries, ...nested].sort((a, b) => b.timestamp - a.timestamp),
      ...(pythonTraceback ? { pythonTraceback } : {}),
      ...(summaryLine ? { summary: summaryLine } : {}),
      truncated: history.truncated === true,
    };
  }

  /**
   * Checkpoint counts and the latest completed checkpoint, savepoint, restore and failure.
   *
   * @example
   * const { latestCompleted } = await flink.checkpoints(jobId);
   * const resumeFrom = latestCompleted?.externalPath;
   */
  async checkpoints(jobId: string, options?: RequestOptions): Promise<FlinkCheckpointStats> {
    const r = asRecord(await this.request('GET', this.jobPath(jobId, '/checkpoints'), undefined, options));
    const counts = asRecord(r.counts);
    const latest = asRecord(r.latest);
    const ref = (raw: unknown, timeKey: string): FlinkCheckpointRef | undefined => {
      if (raw === null || raw === undefined) return undefined;
      const c = asRecord(raw);
      const path = str(c.external_path);
      return {
        id: num(c.id),
        ...(path && path !== '<checkpoint-not-externally-addressable>' ? { externalPath: path } : {}),
        isSavepoint: c.is_savepoint === true,
        timestamp: num(c[timeKey]),
        ...(typeof c.state_size === 'number' ? { stateSize: c.state_size } : {}),
      };
    };
    const failed = latest.failed ? asRecord(latest.failed) : undefined;
    const latestCompleted = ref(latest.completed, 'latest_ack_timestamp');
    const latestSavepoint = ref(latest.savepoint, 'latest_ack_timestamp');
    const latestRestored = ref(latest.restored, 'restore_timestamp');
    return {
      counts: {
        restored: num(counts.restored),
        total: num(counts.total),
        inProgress: num(counts.in_progress),
        completed: num(counts.completed),
        failed: num(counts.failed),
      },
      ...(latestCompleted ? { latestCompleted } : {}),
      ...(latestSavepoint ? { latestSavepoint } : {}),
      ...(latestRestored ? { latestRestored } : {}),
      ...(failed
        ? {
            latestFailed: {
              id: num(failed.id),
              timestamp: num(failed.failure_timestamp),
              ...(typeof failed.failure_message === 'string'
                ? { failureMessage: failed.failure_message }
                : {}),
            },
          }
        : {}),
    };
  }

  /**
   * Records in and out of one vertex, with a per-operator breakdown. Flink chains operators into
   * one vertex (a whole source -> python -> sink job is often a single vertex), and the vertex
   * counters in {@link job} only count records crossing the network between vertices, so a chained
   * job shows 0 there. This reads the operator counters instead: `recordsIn` of a vertex headed by
   * a source is what its sources emitted. Flink refreshes these metrics every few seconds.
   *
   * @example
   * const { recordsIn, operators } = await flink.vertexRecords(jobId, job.vertices[0].id);
   */
  async vertexRecords(
    jobId: string,
    vertexId: string,
    options?: RequestOptions,
  ): Promise<FlinkVertexRecords> {
    if (!/^[0-9a-f]{32}$/.test(vertexId)) throw new TypeError(`"${vertexId}" is not a Flink vertex id`);
    const base = this.jobPath(jobId, `/vertices/${vertexId}/subtasks/metrics`);
    const available = await this.request('GET', base, undefined, options);
    const ids = (Array.isArray(available) ? available : [])
      .map((m) => str(asRecord(m).id))
      .filter((id) => /(^|\.)numRecords(In|Out)$/.test(id));
    if (ids.length === 0) return { recordsIn: 0, recordsOut: 0, operators: [] };
    const query = ids.map(encodeURIComponent).join(',');
    const values = await this.request('GET', `${base}?get=${query}&agg=sum`, undefined, options);
    const sums = new Map<string, number>();
    for (const m of Array.isArray(values) ? values : []) sums.set(str(asRecord(m).id), num(asRecord(m).sum));
    const operators = new Map<string, { name: string; recordsIn: number; recordsOut: number }>();
    for (const [id, value] of sums) {
      const dot = id.lastIndexOf('.');
      if (dot < 0) continue;
      const name = id.slice(0, dot);
      const op = operators.get(name) ?? { name, recordsIn: 0, recordsOut: 0 };
      if (id.endsWith('.numRecordsIn')) op.recordsIn = value;
      else op.recordsOut = value;
      operators.set(name, op);
    }
    const fromSources = [...operators.values()]
      .filter((o) => o.name.startsWith('Source__'))
      .reduce((total, o) => total + o.recordsOut, 0);
    const taskIn = sums.get('numRecordsIn') ?? 0;
    return {
      recordsIn: taskIn > 0 ? taskIn : fromSources,
      recordsOut: sums.get('numRecordsOut') ?? 0,
      operators: [...operators.values()].sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  // --- operations -----------------------------------------------------------------------------

  /**
   * Cancels the job (`PATCH /jobs/:id?mode=cancel`): no savepoint, state kept only in retained
   * checkpoints. Resolves once Flink accepted the request; the job then moves to CANCELED.
   *
   * @example
   * await flink.cancel(jobId);
   */
  async cancel(jobId: string, options?: RequestOptions): Promise<void> {
    await this.request('PATCH', this.jobPath(jobId, '?mode=cancel'), undefined, options);
  }

  /**
   * Starts a savepoint without stopping the job; returns Flink's trigger id for
   * {@link savepointStatus}. Most callers want {@link savepoint}, which also waits.
   *
   * @example
   * const triggerId = await flink.triggerSavepoint(jobId, { targetDirectory: 'file:///sp' });
   */
  async triggerSavepoint(jobId: string, options: SavepointOptions = {}): Promise<string> {
    const body: Json = { 'cancel-job': false };
    if (options.targetDirectory) body['target-directory'] = options.targetDirectory;
    if (options.formatType) body.formatType = options.formatType;
    return this.triggerId(
      'POST',
      this.jobPath(jobId, '/savepoints'),
      await this.request('POST', this.jobPath(jobId, '/savepoints'), body, options),
    );
  }

  /**
   * Starts stop-with-savepoint (`POST /jobs/:id/stop`); returns the trigger id. The job ends
   * FINISHED once the savepoint is written. Most callers want {@link stopWithSavepoint}.
   *
   * @example
   * const triggerId = await flink.triggerStopWithSavepoint(jobId, { drain: false });
   */
  async triggerStopWithSavepoint(jobId: string, options: StopWithSavepointOptions = {}): Promise<string> {
    const body: Json = { drain: options.drain ?? false };
    if (options.targetDirectory) body.targetDirectory = options.targetDirectory;
    if (options.formatType) body.formatType = options.formatType;
    const path = this.jobPath(jobId, '/stop');
    return this.triggerId('POST', path, await this.request('POST', path, body, options));
  }

  private triggerId(method: string, path: string, answer: unknown): string {
    const id = str(asRecord(answer)['request-id']);
    if (!id)
      throw new FlinkProtocolError(`Flink ${method} ${path} answered without a request-id`, method, path);
    return id;
  }

  /**
   * Where a triggered savepoint stands (`GET /jobs/:id/savepoints/:triggerId`).
   *
   * @example
   * const s = await flink.savepointStatus(jobId, triggerId);
   * if (s.status === 'COMPLETED') console.log(s.location);
   */
  async savepointStatus(
    jobId: string,
    triggerId: string,
    options?: RequestOptions,
  ): Promise<SavepointStatus> {
    if (!/^[0-9a-f]{32}$/.test(triggerId)) throw new TypeError(`"${triggerId}" is not a Flink trigger id`);
    const r = asRecord(
      await this.request('GET', this.jobPath(jobId, `/savepoints/${triggerId}`), undefined, options),
    );
    if (str(asRecord(r.status).id) !== 'COMPLETED') return { status: 'IN_PROGRESS' };
    const operation = asRecord(r.operation);
    const location = str(operation.location);
    if (location) return { status: 'COMPLETED', location };
    const failure = asRecord(operation['failure-cause']);
    const stackTrace = str(failure['stack-trace']);
    const message = stackTrace.split('\n')[0] || str(failure.class, 'savepoint failed without a reason');
    return { status: 'FAILED', message, ...(stackTrace ? { stackTrace } : {}) };
  }

  /**
   * Waits for a triggered savepoint; resolves with its location, throws
   * {@link FlinkSavepointError} when Flink reports a failure or `timeoutMs` passes.
   *
   * @example
   * const location = await flink.awaitSavepoint(jobId, triggerId, { timeoutMs: 120_000 });
   */
  async awaitSavepoint(jobId: string, triggerId: string, options: SavepointOptions = {}): Promise<string> {
    const timeoutMs = options.timeoutMs ?? 300_000;
    const pollMs = options.pollMs ?? 500;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.savepointStatus(jobId, triggerId, { signal: options.signal });
      if (status.status === 'COMPLETED') return status.location;
      if (status.status === 'FAILED') {
        throw new FlinkSavepointError(
          `savepoint of job ${jobId} failed: ${status.message}`,
          jobId,
          status.stackTrace,
        );
      }
      if (Date.now() + pollMs > deadline) {
        throw new FlinkSavepointError(
          `savepoint of job ${jobId} did not complete within ${timeoutMs} ms (trigger ${triggerId}; it may still finish)`,
          jobId,
        );
      }
      await delay(pollMs, options.signal);
    }
  }

  /**
   * Takes a savepoint and keeps the job running; resolves with the savepoint's location.
   *
   * @example
   * const location = await flink.savepoint(jobId);
   */
  async savepoint(jobId: string, options: SavepointOptions = {}): Promise<string> {
    return this.awaitSavepoint(jobId, await this.triggerSavepoint(jobId, options), options);
  }

  /**
   * Stops the job with a savepoint (the graceful stop); resolves with the savepoint's location,
   * from which a new submission resumes exactly where this one stopped.
   *
   * @example
   * const location = await flink.stopWithSavepoint(jobId, { targetDirectory: 'file:///sp' });
   */
  async stopWithSavepoint(jobId: string, options: StopWithSavepointOptions = {}): Promise<string> {
    return this.awaitSavepoint(jobId, await this.triggerStopWithSavepoint(jobId, options), options);
  }

  /**
   * Link to the job's page in the Flink Dashboard (Flink 2.x routes: `#/job/running/<id>/overview`
   * while it runs, `#/job/completed/<id>/overview` once it ended).
   *
   * @example
   * flink.dashboardJobUrl('a1b2...', 'RUNNING'); // 'http://127.0.0.1:8081/#/job/running/a1b2.../overview'
   */
  dashboardJobUrl(jobId: string, state?: string): string {
    const section = state !== undefined && TERMINAL_JOB_STATES.has(state) ? 'completed' : 'running';
    return `${this.dashboardUrl}/#/job/${section}/${encodeURIComponent(jobId)}/overview`;
  }
}

function summary(id: string, r: Json): FlinkJobSummary {
  const end = num(r['end-time'], -1);
  return {
    id,
    name: str(r.name),
    state: str(r.state, 'UNKNOWN'),
    startTime: num(r['start-time']),
    ...(end > 0 ? { endTime: end } : {}),
    durationMs: num(r.duration),
    lastModification: num(r['last-modification'], num(r.now)),
  };
}
