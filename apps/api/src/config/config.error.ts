export interface ConfigIssue {
  /** The environment variable at fault, e.g. `PORT`. */
  variable: string;
  /** What is wrong and what a valid value looks like. */
  message: string;
  /** The received value as safe to show (credentials masked, secrets omitted). */
  received?: string;
}

/** Thrown by `loadConfig` when the environment is invalid; lists every bad variable at once. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map(
      (i) =>
        `  - ${i.variable}${i.received === undefined ? '' : `=${JSON.stringify(i.received)}`}: ${i.message}`,
    );
    super(`Invalid configuration, fix these environment variables:\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
