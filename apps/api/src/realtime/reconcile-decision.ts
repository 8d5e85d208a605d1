import {
  type DesiredState,
  FLINK_TERMINAL,
  isTerminal,
  type RealtimeState,
  stateFromFlink,
} from './realtime-state.js';

/**
 * The reconciler's decisions, as a pure function of one deployment and what the cluster said
 * about its Flink job. The effectful shell (`realtime-reconciler.ts`) fetches the observation,
 * calls {@link decide}, fetches what the decision `needs` (exceptions, checkpoints), and writes the
 * patch and events in one conditional update.
 */

/** The job version's `realtime.autoRestart`, as stored on the deployment. */
export interface AutoRestartSettings {
  enabled: boolean;
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Stored as the Flink state of a job the cluster answered about but no longer knows. */
export const VANISHED = 'VANISHED';

/** After this long RUNNING, a job counts as healthy again and its automatic restarts start over. */
export const STABLE_RUN_MS = 10 * 60_000;

export interface DeploymentSnapshot {
  state: RealtimeState;
  desired: DesiredState;
  flinkJobId: string | null;
  flinkState: string | null;
  lostSince: Date | null;
  nextRestartAt: Date | null;
  runningSince: Date | null;
  autoRestart: AutoRestartSettings;
  autoRestartAttempts: number;
}

export type Observation =
  /** The cluster did not answer (often enough to count: the shell debounces single misses). */
  | { kind: 'unreachable'; reason: string }
  /** The cluster answered and does not know the job id. */
  | { kind: 'missing' }
  /** The cluster reports the job in `state`. */
  | { kind: 'job'; state: string };

export interface DecidedEvent {
  type: string;
  from?: RealtimeState;
  to?: RealtimeState;
  message: string;
}

export interface DeploymentPatch {
  state?: RealtimeState;
  flinkState?: string | null;
  lostSince?: Date | null;
  observedAt?: Date;
  runningSince?: Date | null;
  endedAt?: Date | null;
  nextRestartAt?: Date | null;
  autoRestartAttempts?: number;
}

export interface Decision {
  patch: DeploymentPatch;
  events: DecidedEvent[];
  /** Fetch the job's exceptions (root cause, Python traceback) and store them as its last error. */
  needsExceptions: boolean;
  /** Record the job's latest checkpoint/savepoint: the job ended, and its state may be resumed. */
  needsCheckpoints: boolean;
  /** A scheduled automatic restart is due: claim it and submit. */
  restartDue: boolean;
}

/**
 * Delay before automatic restart number `attempt + 1`: `initialDelayMs * 2^attempt`, capped.
 *
 * @example
 * restartDelayMs({ initialDelayMs: 10_000, maxDelayMs: 300_000, ... }, 2); // 40_000
 */
export function restartDelayMs(settings: AutoRestartSettings, attempt: number): number {
  return Math.min(settings.initialDelayMs * 2 ** Math.min(attempt, 30), settings.maxDelayMs);
}

function emptyDecision(): Decision {
  return { patch: {}, events: [], needsExceptions: false, needsCheckpoints: false, restartDue: false };
}

/** Schedules an automatic restart if the settings allow one more; otherwise says it gave up. */
function afterFailure(dep: DeploymentSnapshot, decision: Decision, failed: RealtimeState, now: Date): void {
  const settings = dep.autoRestart;
  if (!settings.enabled || dep.desired !== 'running') {
    decision.patch.endedAt = now;
    return;
  }
  if (dep.autoRestartAttempts >= settings.maxAttempts) {
    decision.patch.endedAt = now;
    decision.events.push({
      type: 'restart-limit',
      message: `automatic restart gave up after ${dep.autoRestartAttempts} attempt${dep.autoRestartAttempts === 1 ? '' : 's'} (autoRestart.maxAttempts ${settings.maxAttempts})`,
    });
    return;
  }
  const delay = restartDelayMs(settings, dep.autoRestartAttempts);
  decision.patch.state = 'restarting';
  decision.patch.nextRestartAt = new Date(now.getTime() + delay);
  decision.events.push({
    type: 'restart-scheduled',
    from: failed,
    to: 'restarting',
    message: `automatic restart ${dep.autoRestartAttempts + 1} of ${settings.maxAttempts} in ${Math.round(delay / 1000)} s, from the latest savepoint or checkpoint`,
  });
}

/**
 * What to change about one active deployment, given what the cluster said.
 *
 * @example
 * decide(dep, { kind: 'job', state: 'CANCELED' }, new Date()).patch.state; // 'cancelled'
 * decide(dep, { kind: 'unreachable', reason: 'ECONNREFUSED' }, now).patch.state; // 'lost'
 */
export function decide(dep: DeploymentSnapshot, observation: Observation, now: Date): Decision {
  const decision = emptyDecision();
  // A scheduled automatic restart: the failed Flink job is history; only the due time matters.
  if (dep.nextRestartAt !== null) {
    if (observation.kind !== 'unreachable' && dep.desired === 'running' && dep.nextRestartAt <= now) {
      decision.restartDue = true;
    }
    return decision;
  }

  if (observation.kind === 'unreachable') {
    if (dep.state !== 'lost') {
      decision.patch = { state: 'lost', lostSince: now };
      decision.events.push({
        type: 'lost',
        from: dep.state,
        to: 'lost',
        message: `the Flink cluster does not answer (${observation.reason}); job ${dep.flinkJobId} is kept and re-attached when it does`,
      });
    }
    return decision;
  }

  if (observation.kind === 'missing') {
    if (dep.state === 'lost' && dep.flinkState === VANISHED) return decision;
    decision.patch = {
      state: 'lost',
      lostSince: dep.lostSince ?? now,
      flinkState: VANISHED,
      observedAt: now,
    };
    decision.events.push({
      type: 'lost',
      from: dep.state,
      to: 'lost',
      message: `the Flink cluster no longer knows job ${dep.flinkJobId} (restarted without high availability, or the job expired from its history)`,
    });
    afterFailure(dep, decision, 'lost', now);
    // A vanished job keeps `lost` unless a restart was scheduled; it no longer runs anywhere.
    return decision;
  }

  const flinkState = observation.state;
  // After `lost`, the job's previous state does not matter: the cluster tells the current one.
  const base: RealtimeState = dep.state === 'lost' ? 'running' : dep.state;
  const next = stateFromFlink(flinkState, dep.desired, base);
  decision.patch.observedAt = now;
  if (flinkState !== dep.flinkState) decision.patch.flinkState = flinkState;

  if (dep.state === 'lost') {
    decision.patch.lostSince = null;
    decision.events.push({
      type: 're-attached',
      from: 'lost',
      to: next,
      message: `re-attached to Flink job ${dep.flinkJobId}, which is ${flinkState}`,
    });
  }

  if (flinkState === 'RUNNING') {
    if (dep.runningSince === null) decision.patch.runningSince = now;
    else if (dep.autoRestartAttempts > 0 && now.getTime() - dep.runningSince.getTime() >= STABLE_RUN_MS) {
      decision.patch.autoRestartAttempts = 0;
    }
  } else if (dep.runningSince !== null) {
    decision.patch.runningSince = null;
  }

  if (next !== dep.state) {
    decision.patch.state = next;
    if (dep.state !== 'lost') {
      decision.events.push({
        type: 'state',
        from: dep.state,
        to: next,
        message: transitionMessage(next, dep, flinkState),
      });
    }
  }

  if (FLINK_TERMINAL.has(flinkState) && (next !== dep.state || dep.state === 'lost')) {
    decision.needsCheckpoints = true;
    if (next === 'failed') {
      decision.needsExceptions = true;
      afterFailure(dep, decision, 'failed', now);
    } else if (isTerminal(next)) {
      decision.patch.endedAt = now;
    }
  }
  return decision;
}

function transitionMessage(next: RealtimeState, dep: DeploymentSnapshot, flinkState: string): string {
  if (next === 'cancelled' && dep.desired === 'running') {
    return `Flink job ${dep.flinkJobId} was cancelled outside Sluice (Flink's REST API or Dashboard)`;
  }
  if (next === 'failed') return `Flink job ${dep.flinkJobId} failed`;
  if (next === 'stopped') return `Flink job ${dep.flinkJobId} stopped with a savepoint`;
  if (next === 'finished') return `Flink job ${dep.flinkJobId} finished: its sources ran out of input`;
  return `Flink reports ${flinkState}`;
}
