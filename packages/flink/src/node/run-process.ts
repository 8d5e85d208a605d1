import { spawn } from 'node:child_process';

export interface ProcessResult {
  /** Exit code, or undefined when a signal ended the process. */
  code: number | undefined;
  signal: NodeJS.Signals | undefined;
  /** stdout and stderr interleaved in arrival order, the last `maxOutputBytes` of it. */
  output: string;
  timedOut: boolean;
}

export interface RunProcessOptions {
  cwd?: string;
  /** The complete environment: nothing is inherited from this process. */
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  maxOutputBytes?: number;
}

/** The program could not be started at all (missing, not executable). */
export class ProcessStartError extends Error {
  constructor(
    message: string,
    readonly command: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ProcessStartError';
  }
}

/**
 * Runs a program without a shell (arguments are never parsed by one) in its own process group,
 * so that a timeout or abort ends it and everything it started (`bin/flink` starts a JVM, which
 * starts Python). Resolves with the exit status and the tail of the output.
 *
 * @example
 * const r = await runProcess('/usr/bin/env', ['true'], { env: {}, timeoutMs: 5_000 });
 * r.code; // 0
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessResult> {
  const max = options.maxOutputBytes ?? 256 * 1024;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason);
      return;
    }
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    let output = '';
    let timedOut = false;
    const append = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > max * 2) output = output.slice(-max);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const onAbort = () => killGroup();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(
        new ProcessStartError(
          `cannot run ${command}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
          command,
          { cause: error },
        ),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) {
        reject(options.signal.reason);
        return;
      }
      resolve({
        code: code ?? undefined,
        signal: signal ?? undefined,
        output: output.length > max ? output.slice(-max) : output,
        timedOut,
      });
    });
  });
}
