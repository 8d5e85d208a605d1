import type { Environment, EnvironmentStatus } from '../api/types.js';
import type { BadgeTone } from '../ui/StatusBadge.js';

const TONE: Record<EnvironmentStatus, BadgeTone> = {
  PENDING: 'unknown',
  QUEUED: 'run',
  BUILDING: 'run',
  READY: 'up',
  FAILED: 'down',
};
const LABEL: Record<EnvironmentStatus, string> = {
  PENDING: 'Not built',
  QUEUED: 'Queued',
  BUILDING: 'Building',
  READY: 'Ready',
  FAILED: 'Build failed',
};

export const envTone = (s: EnvironmentStatus): BadgeTone => TONE[s];
export const envLabel = (s: EnvironmentStatus): string => LABEL[s];

/** A build is queued or running: pages poll quickly and show progress. */
export function isBuilding(env: Pick<Environment, 'status'>): boolean {
  return env.status === 'QUEUED' || env.status === 'BUILDING';
}

/** `requirements` -> the packages it names, for a one-line summary (comments and options left out). */
export function requirementNames(requirements: string): string[] {
  return requirements
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('-'))
    .map((l) => l.split(/[<>=!~;[\s]/)[0] ?? l)
    .filter((l) => l !== '');
}

/** One Maven coordinate per line (blank lines dropped), as the API takes them. */
export function parseJars(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
