export const ENVIRONMENT_STATUSES = ['PENDING', 'QUEUED', 'BUILDING', 'READY', 'FAILED'] as const;
export type EnvironmentStatus = (typeof ENVIRONMENT_STATUSES)[number];

/** A Python environment and its current build. */
export interface Environment<At = string> {
  id: number;
  name: string;
  description: string;
  requirements: string;
  flinkVersion: string | null;
  jars: string[];
  status: EnvironmentStatus;
  /** True when the requirements changed since the last successful build: rebuild to apply them. */
  stale: boolean;
  build: {
    number: number;
    progress: number;
    step: string | null;
    error: string | null;
    startedAt: At | null;
    finishedAt: At | null;
  };
  pythonVersion: string | null;
  /** The PyFlink real-time jobs get from the ready build (linked runtime or pip), or null. */
  pyflink: { version: string; source: 'runtime' | 'pip' } | null;
  /** Whether runs can use it now (a ready build exists). */
  usable: boolean;
  createdAt: At;
  updatedAt: At;
}

/** A build log line, in the build log and as the `line` event of its live stream. */
export interface BuildLogLine<At = string> {
  seq: number;
  at: At;
  stream: string;
  message: string;
}
