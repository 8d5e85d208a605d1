import type { StepLogLine } from './python-step-host.js';
import type { RunLogEvent, RunLogLevel } from './run-context.js';
import type { SecretRedactor } from './run-params.js';

const PYTHON_LEVELS: Record<string, RunLogLevel> = {
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  warn: 'warn',
  error: 'error',
  critical: 'error',
};

/**
 * The run's log writer: every message passes the secret redactor, and each Python step's output is
 * capped (a step printing per record would otherwise write a million lines), with the number of
 * lines left out reported at the end. A throwing log callback never breaks the run.
 */
export class RunLogger {
  private readonly stepLines = new Map<string, number>();

  constructor(
    private readonly sink: (event: RunLogEvent) => void,
    private readonly redactor: SecretRedactor,
    private readonly stepLogLimit: number,
  ) {}

  event(
    level: RunLogLevel,
    message: string,
    extra: { node?: string; stream?: RunLogEvent['stream']; traceback?: string } = {},
  ): void {
    const event: RunLogEvent = {
      at: new Date(),
      level,
      stream: extra.stream ?? 'runner',
      message: this.redactor.redact(message),
    };
    if (extra.node !== undefined) event.node = extra.node;
    if (extra.traceback) event.traceback = this.redactor.redact(extra.traceback);
    try {
      this.sink(event);
    } catch {
      // The caller's log store failing must not fail the run it is recording.
    }
  }

  /** One line a Python step printed or logged. */
  step(node: string, line: StepLogLine): void {
    const count = (this.stepLines.get(node) ?? 0) + 1;
    this.stepLines.set(node, count);
    if (count > this.stepLogLimit) return;
    if (line.stream === 'host') {
      this.event('warn', line.msg, { node });
      return;
    }
    const level =
      line.stream === 'log'
        ? (PYTHON_LEVELS[line.level ?? 'info'] ?? 'info')
        : line.stream === 'stderr'
          ? 'warn'
          : 'info';
    this.event(level, line.msg, { node, stream: line.stream });
  }

  /** Reports the output lines each step had beyond the cap. */
  finish(): void {
    for (const [node, count] of this.stepLines) {
      if (count > this.stepLogLimit) {
        this.event(
          'warn',
          `${count - this.stepLogLimit} more output lines of this step were not kept (limit ${this.stepLogLimit} per run)`,
          {
            node,
          },
        );
      }
    }
  }
}
