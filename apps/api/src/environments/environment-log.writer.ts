import type { LiveChannels } from '../scheduler/live-channels.js';
import type { BuildLogLine, EnvironmentsRepository } from './environments.repository.js';

/** Most lines one build keeps (pip is verbose on big dependency trees). */
export const MAX_BUILD_LOG_LINES = 20_000;
const MAX_LINE_CHARS = 8_192;
const FLUSH_EVERY_MS = 300;

export type EnvironmentLiveMessage =
  | { type: 'lines'; buildNumber: number; lines: Array<Omit<BuildLogLine, 'at'> & { at: string }> }
  | { type: 'progress'; buildNumber: number; status: string; percent: number; step: string }
  | { type: 'end'; buildNumber: number; status: string };

export function environmentLogChannel(environmentId: number): string {
  return `env-log:${environmentId}`;
}

/** Stores one build's log in batches and publishes each batch for live viewers. */
export class EnvironmentLogWriter {
  private seq = 0;
  private buffer: BuildLogLine[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly environmentId: number,
    private readonly buildNumber: number,
    private readonly repo: EnvironmentsRepository,
    private readonly channels: LiveChannels,
  ) {}

  write(stream: string, message: string): void {
    if (this.seq >= MAX_BUILD_LOG_LINES) return;
    this.seq++;
    const text = message.length > MAX_LINE_CHARS ? `${message.slice(0, MAX_LINE_CHARS)}…` : message;
    this.buffer.push({ seq: this.seq, at: new Date(), stream, message: text });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.buffer;
    this.buffer = [];
    if (lines.length === 0) return this.chain;
    this.chain = this.chain.then(async () => {
      await this.repo.appendLog(this.environmentId, this.buildNumber, lines).catch(() => undefined);
      const message: EnvironmentLiveMessage = {
        type: 'lines',
        buildNumber: this.buildNumber,
        lines: lines.map((l) => ({ ...l, at: l.at.toISOString() })),
      };
      await this.channels.publish(environmentLogChannel(this.environmentId), message).catch(() => undefined);
    });
    return this.chain;
  }
}
