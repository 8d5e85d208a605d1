/** Starting points for the editor: a blank job, kind switches that keep the other kind's settings. */
import {
  type Job,
  type JobKind,
  jobSchema,
  type RealtimeSettings,
  realtimeSettingsSchema,
  type ScheduleSettings,
  scheduleSettingsSchema,
} from '@sluice/dag';

/** Every hour on the hour: a schedule that does not surprise anyone who saves a new job. */
export const DEFAULT_CRON = '0 * * * *';

export function defaultSchedule(): ScheduleSettings {
  return scheduleSettingsSchema.parse({ cron: DEFAULT_CRON, timezone: browserTimeZone() });
}

export function defaultRealtime(): RealtimeSettings {
  return realtimeSettingsSchema.parse({});
}

/** The browser's IANA zone (falls back to UTC). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** A new, empty job of a kind, with every default applied. */
export function blankJob(kind: JobKind = 'scheduled'): Job {
  return jobSchema.parse({
    name: '',
    kind,
    graph: { nodes: [], edges: [] },
    ...(kind === 'scheduled' ? { schedule: defaultSchedule() } : { realtime: defaultRealtime() }),
  });
}

/** Settings of the kind a job is not, kept while the user flips the kind back and forth. */
export interface KindStash {
  schedule?: ScheduleSettings;
  realtime?: RealtimeSettings;
}

/**
 * The job as the other kind: the settings of the new kind come back from `stash` (or defaults),
 * those of the old kind go into the returned stash. The graph is kept; validation says what does
 * not fit the new kind (e.g. a `pyflink` step in a scheduled job).
 *
 * @example
 * const { job: rt, stash } = switchKind(scheduledJob, 'realtime', {});
 * switchKind(rt, 'scheduled', stash).job.schedule; // the schedule it had before
 */
export function switchKind(job: Job, kind: JobKind, stash: KindStash): { job: Job; stash: KindStash } {
  if (job.kind === kind) return { job, stash };
  const { schedule, realtime, ...rest } = job;
  if (kind === 'realtime') {
    return {
      job: { ...rest, kind, realtime: stash.realtime ?? realtime ?? defaultRealtime() },
      stash: { ...stash, schedule: schedule ?? stash.schedule },
    };
  }
  return {
    job: { ...rest, kind, schedule: stash.schedule ?? schedule ?? defaultSchedule() },
    stash: { ...stash, realtime: realtime ?? stash.realtime },
  };
}

const DRAFT_PREFIX = 'sluice.draft.';

/**
 * Hands a job to the editor at `/jobs/new?draft=<id>` (e.g. from the import dialog) through
 * sessionStorage: the job never leaves the tab, and goes when the tab is closed.
 */
export function stashDraft(job: Job): string {
  const id = Math.random().toString(36).slice(2, 10);
  sessionStorage.setItem(DRAFT_PREFIX + id, JSON.stringify(job));
  return id;
}

export function takeDraft(id: string): Job | undefined {
  const key = DRAFT_PREFIX + id;
  const text = sessionStorage.getItem(key);
  if (text === null) return undefined;
  // Kept after reading, so that reloading the page shows the same draft.
  const parsed = jobSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}
