import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { inheritedEnv, STEP_ENV_KEYS } from '../config/child-env.js';

/** A record as it travels between steps: plain JSON values keyed by column name. */
export type StepRecord = Record<string, unknown>;

export interface StepLogLine {
  step: string;
  /** `stdout`/`stderr`: what the step printed; `log`: `ctx.log`; `host`: the host process itself. */
  stream: 'stdout' | 'stderr' | 'log' | 'host';
  level?: string;
  msg: string;
}

export interface PythonStepHostOptions {
  /** Python interpreter of the job's environment (a venv's `bin/python`). */
  python: string;
  /** Directory that holds the `sluice_runtime` package (packages/python). */
  runtimeDir: string;
  step: string;
  code: string;
  /** Start parameters, secrets included: sent over stdin, never argv or environment. */
  params: Record<string, unknown>;
  /** Longest one batch or `close(ctx)` may take before the process is killed. */
  timeoutMs: number;
  /**
   * Longest the start may take: interpreter start-up, the step's imports and `open(ctx)`. Default
   * the larger of `timeoutMs` and 60 s: loading a library (pandas, a model) is slower than any
   * batch should be, and a machine under load starts Python in hundreds of milliseconds.
   */
  openTimeoutMs?: number;
  onLog: (line: StepLogLine) => void;
  /** Extra environment for the step (never the API's own environment: it holds credentials). */
  env?: Record<string, string>;
  /** Cancels the run: the process is killed at once, also while `open(ctx)` is still running. */
  signal?: AbortSignal;
}

/** Why a step stopped the run. `traceback` is the user's Python traceback when there is one. */
export class StepFailedError extends Error {
  constructor(
    readonly step: string,
    readonly phase: 'load' | 'open' | 'process' | 'close' | 'timeout' | 'crash' | 'protocol' | 'cancelled',
    message: string,
    readonly traceback = '',
    readonly recordPreview?: string,
  ) {
    super(message);
    this.name = 'StepFailedError';
  }
}

type Frame =
  | { t: 'ready' }
  | { t: 'closed' }
  | { t: 'result'; id: number; records: StepRecord[] }
  | { t: 'log'; stream: 'stdout' | 'stderr' | 'log'; level?: string; msg: string }
  | {
      t: 'error';
      id: number | null;
      phase: 'load' | 'open' | 'process' | 'close' | 'protocol';
      message: string;
      traceback: string;
      recordIndex?: number;
      record?: string;
    };

interface Pending {
  resolve: (frame: Frame) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One long-lived Python process running one `record` step (see packages/python/sluice_runtime).
 * Records go in batches; one call is in flight at a time, which is the backpressure: the runner
 * awaits each batch before reading more from its source.
 *
 * @example
 * const host = await PythonStepHost.start({ python: 'python3', runtimeDir, step: 'enrich',
 *   code: 'def process(r, ctx):\n    return r', params: {}, timeoutMs: 30_000, onLog: console.log });
 * const out = await host.process([{ a: 1 }]);
 * await host.close();
 */
export class PythonStepHost {
  private pending: Pending | undefined;
  private exited = false;
  private failure: StepFailedError | undefined;
  private nextId = 1;

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
    private readonly options: PythonStepHostOptions,
  ) {
    const protocol = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
    protocol.on('line', (line) => this.onProtocolLine(line));
    const stderr = createInterface({ input: child.stderr, crlfDelay: Number.POSITIVE_INFINITY });
    stderr.on('line', (msg) => options.onLog({ step: options.step, stream: 'stderr', msg }));
    child.on('exit', (code, signal) => {
      this.exited = true;
      const reason = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      this.fail(
        this.failure ?? new StepFailedError(options.step, 'crash', `step '${options.step}' ${reason}`),
      );
    });
    child.on('error', (err) => {
      this.fail(
        new StepFailedError(
          options.step,
          'crash',
          `cannot start Python for step '${options.step}': ${err.message}`,
        ),
      );
    });
    child.stdin.on('error', () => {
      // EPIPE when the process died mid-write; the exit handler reports why.
    });
    const signal = options.signal;
    if (signal) {
      const onAbort = () => this.kill();
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        child.once('exit', () => signal.removeEventListener('abort', onAbort));
      }
    }
  }

  static async start(options: PythonStepHostOptions): Promise<PythonStepHost> {
    const env: Record<string, string> = {
      ...inheritedEnv(STEP_ENV_KEYS),
      PYTHONUNBUFFERED: '1',
      PYTHONPATH: options.runtimeDir,
    };
    Object.assign(env, options.env);
    const child = spawn(options.python, ['-u', '-m', 'sluice_runtime.batch_host'], {
      cwd: options.runtimeDir,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const host = new PythonStepHost(child, options);
    await host.call(
      { t: 'open', step: options.step, code: options.code, params: options.params },
      'ready',
      'open',
    );
    return host;
  }

  /** Runs one batch through the step and returns its output records (possibly more or fewer). */
  async process(records: StepRecord[]): Promise<StepRecord[]> {
    const id = this.nextId++;
    const frame = await this.call({ t: 'batch', id, records }, 'result', 'process');
    return frame.t === 'result' ? frame.records : [];
  }

  /** Calls the step's `close(ctx)` and waits for the process to end. */
  async close(): Promise<void> {
    if (this.exited) return;
    await this.call({ t: 'close' }, 'closed', 'close');
    await new Promise<void>((resolve) => {
      if (this.exited) resolve();
      else this.child.once('exit', () => resolve());
    });
  }

  /** Stops the process now (cancel, or cleanup after another step failed). */
  kill(
    reason: StepFailedError['phase'] = 'cancelled',
    message = `step '${this.options.step}' was cancelled`,
  ): void {
    if (this.exited) return;
    this.failure ??= new StepFailedError(this.options.step, reason, message);
    this.child.kill('SIGKILL');
  }

  private call(
    request: object,
    expect: 'ready' | 'result' | 'closed',
    phase: 'open' | 'process' | 'close',
  ): Promise<Frame> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('PythonStepHost: one call at a time'));
    return new Promise<Frame>((resolve, reject) => {
      const timeoutMs =
        phase === 'open'
          ? (this.options.openTimeoutMs ?? Math.max(this.options.timeoutMs, 60_000))
          : this.options.timeoutMs;
      const timer = setTimeout(() => {
        const seconds = Math.round(timeoutMs / 100) / 10;
        this.kill(
          'timeout',
          `step '${this.options.step}' did not finish ${phase === 'process' ? 'a batch' : phase} within ${seconds}s and was killed`,
        );
      }, timeoutMs);
      this.pending = {
        timer,
        reject,
        resolve: (frame) => {
          if (frame.t === expect) resolve(frame);
          else
            reject(
              new StepFailedError(this.options.step, 'protocol', `unexpected reply '${frame.t}' to ${phase}`),
            );
        },
      };
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  private onProtocolLine(line: string): void {
    let frame: Frame;
    try {
      frame = JSON.parse(line) as Frame;
    } catch {
      this.options.onLog({
        step: this.options.step,
        stream: 'host',
        msg: `unreadable protocol line: ${line.slice(0, 200)}`,
      });
      return;
    }
    if (frame.t === 'log') {
      this.options.onLog({
        step: this.options.step,
        stream: frame.stream,
        level: frame.level,
        msg: frame.msg,
      });
      return;
    }
    if (frame.t === 'error') {
      const at = frame.recordIndex === undefined ? '' : ` (record ${frame.recordIndex} of the batch)`;
      this.failure = new StepFailedError(
        this.options.step,
        frame.phase,
        `step '${this.options.step}' failed in ${frame.phase}${at}: ${frame.message}`,
        frame.traceback,
        frame.record,
      );
      this.fail(this.failure);
      return;
    }
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      pending.resolve(frame);
    }
  }

  private fail(err: StepFailedError): void {
    this.failure ??= err;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(this.failure);
    }
  }
}
