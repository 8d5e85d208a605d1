/**
 * The states of a real-time deployment as Sluice shows them, and how Flink's job states map onto
 * them. Pure: the reconciler and the service share it, and it is unit-tested on its own.
 */
import type { DeploymentState, DesiredState } from '@sluice/api-contract';

// The states are part of what the API sends: `@sluice/api-contract` declares them.
export { type DesiredState, REALTIME_STATES } from '@sluice/api-contract';
export type RealtimeState = DeploymentState;

/** States after which the deployment does nothing more (unless restarted). */
export const TERMINAL_STATES: ReadonlySet<RealtimeState> = new Set([
  'failed',
  'finished',
  'cancelled',
  'stopped',
]);

/** Flink job states after which the Flink job will not change again. */
export const FLINK_TERMINAL: ReadonlySet<string> = new Set(['FAILED', 'CANCELED', 'FINISHED']);

export function isTerminal(state: string): boolean {
  return TERMINAL_STATES.has(state as RealtimeState);
}

/**
 * The Sluice state for a Flink job state. `desired` tells a FINISHED job that was stopped with a
 * savepoint (`stopped`) from one that ran out of input (`finished`); `current` keeps a Sluice
 * restart showing `restarting` until the new Flink job runs.
 *
 * @example
 * stateFromFlink('FINISHED', 'stopped', 'stopping'); // 'stopped'
 * stateFromFlink('CANCELED', 'running', 'running'); // 'cancelled' (cancelled behind Sluice's back)
 */
export function stateFromFlink(
  flinkState: string,
  desired: DesiredState,
  current: RealtimeState,
): RealtimeState {
  switch (flinkState) {
    case 'INITIALIZING':
    case 'CREATED':
      return current === 'restarting' ? 'restarting' : 'starting';
    case 'RUNNING':
      if (desired === 'stopped') return 'stopping';
      if (desired === 'cancelled') return 'cancelling';
      return 'running';
    case 'FAILING':
      return 'failing';
    // SUSPENDED and RECONCILING are JobManager failovers: the job comes back by itself.
    case 'RESTARTING':
    case 'SUSPENDED':
    case 'RECONCILING':
      return 'restarting';
    case 'FAILED':
      return 'failed';
    case 'CANCELLING':
      return 'cancelling';
    case 'CANCELED':
      return 'cancelled';
    case 'FINISHED':
      return desired === 'stopped' ? 'stopped' : 'finished';
    default:
      // A state a newer Flink added: keep what we had rather than guess.
      return current;
  }
}
