import type { LiveChannels } from '../scheduler/live-channels.js';
import type { LogLineRow, RunsRepository } from './runs.repository.js';

/** Most lines one run keeps; a chatty step must not fill the database. */
export const MAX_LOG_LINES_PER_RUN = 10_000;
/** Longest message kept per line (characters); longer ones are cut with a marker. */
export const MAX_LOG_MESSAGE_CHARS = 16_384;
const MAX_TRACEBACK_CHARS = 65_536;
const FLUSH_EVERY_MS = 250;
const FLUSH_AT_LINES = 200;

export interface RunLogInput {
  at?: Date;
  level: string;
  stream: string;
  node?: string;
  message: string;
  traceback?: string;
}

/** What travels on a run's live channel. */
export type RunLiveMessage =
  | { type: 'lines'; lines: Array<Omit<LogLineRow, 'at'> & { at: string }> }
  | { type: 'end'; status: string };

export function runLogChannel(runId: number): string {
  return `run-log:${runId}`;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters cut]`;
}

/**
 * Collects one run's log lines, numbers them, stores them in batches (not one INSERT per line) and
 * publishes each stored batch for live viewers. Keeps at most MAX_LOG_LINES_PER_RUN lines and
 * records how many it dropped. Lines arrive already scrubbed of secrets by the runner.
 *
 * @example
 * const log = new RunLogWriter(runId, runs, channels);
 * log.write({ level: 'info', stream: 'runner', message: 'run started' });
 * await log.close(); // flushes; returns { lines, dropped }
 */
export class RunLogWriter {
  private seq = 0;
  private dropped = 0;
  private buffer: LogLineRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private lastError: Error | undefined;

  constructor(
    private readonly runId: number,
    private readonly runs: RunsRepository,
    private readonly channels: LiveChannels,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {}

  write(input: RunLogInput): void {
    if (this.closed) return;
    if (this.seq >= MAX_LOG_LINES_PER_RUN) {
      this.dropped++;
      return;
    }
    this.seq++;
    this.buffer.push({
      seq: this.seq,
      at: input.at ?? new Date(),
      level: input.level,
      stream: input.stream,
      node: input.node,
      message: cut(input.message, MAX_LOG_MESSAGE_CHARS),
      traceback: input.traceback === undefined ? undefined : cut(input.traceback, MAX_TRACEBACK_CHARS),
    });
    if (this.buffer.length >= FLUSH_AT_LINES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_EVERY_MS);
  }

  /** Stores what is buffered; writes are serialized so lines land in order. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.buffer;
    this.buffer = [];
    if (lines.length === 0) return this.chain;
    this.chain = this.chain.then(async () => {
      try {
        await this.runs.appendLogs(this.runId, lines);
        const message: RunLiveMessage = {
          type: 'lines',
          lines: lines.map((l) => ({ ...l, at: l.at.toISOString() })),
        };
        await this.channels.publish(runLogChannel(this.runId), message).catch(() => undefined);
      } catch (error) {
        // Losing log lines must not fail the run; report once per distinct error.
        if ((error as Error).message !== this.lastError?.message) this.onError(error as Error);
        this.lastError = error as Error;
      }
    });
    return this.chain;
  }

  /** Flushes, notes dropped lines, and stops accepting lines. */
  async close(): Promise<{ lines: number; dropped: number }> {
    if (!this.closed) {
      if (this.dropped > 0) {
        this.seq++;
        this.buffer.push({
          seq: this.seq,
          at: new Date(),
          level: 'warn',
          stream: 'runner',
          message: `${this.dropped} more log lines were dropped (a run keeps at most ${MAX_LOG_LINES_PER_RUN})`,
        });
      }
      this.closed = true;
    }
    await this.flush();
    return { lines: this.seq, dropped: this.dropped };
  }
}
