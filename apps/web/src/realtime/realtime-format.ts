/** How real-time deployments read: state tones and words, and which actions fit a state. */
import type { DeploymentState, RealtimeStatus } from '../api/types.js';
import type { BadgeTone } from '../ui/StatusBadge.js';

const TONE: Record<DeploymentState, BadgeTone> = {
  starting: 'run',
  running: 'up',
  failing: 'warn',
  restarting: 'run',
  failed: 'down',
  finished: 'unknown',
  cancelling: 'run',
  cancelled: 'unknown',
  stopping: 'run',
  stopped: 'unknown',
  lost: 'warn',
};

export function deploymentTone(state: DeploymentState): BadgeTone {
  return TONE[state];
}

export function deploymentLabel(state: DeploymentState): string {
  return state.charAt(0).toUpperCase() + state.slice(1);
}

/** States in which the job holds (or is getting) a Flink job: it cannot be started again. */
const LIVE: ReadonlySet<DeploymentState> = new Set(['starting', 'running', 'failing', 'restarting', 'lost']);
/** States that are about to change by themselves: polled often. */
const MOVING: ReadonlySet<DeploymentState> = new Set([
  'starting',
  'failing',
  'restarting',
  'cancelling',
  'stopping',
  'lost',
]);

export interface RealtimeActions {
  start: boolean;
  stop: boolean;
  cancel: boolean;
  restart: boolean;
}

/** Which buttons the status panel offers. */
export function realtimeActions(status: RealtimeStatus | undefined): RealtimeActions {
  const state = status?.deployment?.state;
  if (state === undefined) return { start: status !== undefined, stop: false, cancel: false, restart: false };
  const live = LIVE.has(state);
  const busy = state === 'stopping' || state === 'cancelling';
  return {
    start: !live && !busy,
    stop: state === 'running',
    cancel: live,
    restart: !busy && state !== 'starting',
  };
}

/** Poll interval: quick while a state is moving, slower while steady. */
export function realtimePollMs(status: RealtimeStatus | undefined): number {
  const state = status?.deployment?.state;
  if (state !== undefined && MOVING.has(state)) return 2_000;
  return state === 'running' ? 5_000 : 15_000;
}
