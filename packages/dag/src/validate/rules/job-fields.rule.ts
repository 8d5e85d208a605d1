/**
 * Job-level fields: name, environment, tags, and the settings of the job's kind.
 */
import { checkCron, isValidTimezone } from '../../schedule/cron.js';
import { checkParamRefs } from './parameters.rule.js';
import { type RuleContext, report } from './rule-context.js';

/** DNS-label style: works in URLs, queue names and Kubernetes resource names. */
export const JOB_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const ENVIRONMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Flink settings Sluice derives from the real-time settings; setting them twice would conflict. */
const MANAGED_FLINK_KEYS: Record<string, string> = {
  'parallelism.default': 'realtime.parallelism',
  'execution.checkpointing.interval': 'realtime.checkpointIntervalMs',
  'restart-strategy.type': 'realtime.restartPolicy',
  'restart-strategy.fixed-delay.attempts': 'realtime.restartPolicy.attempts',
  'restart-strategy.fixed-delay.delay': 'realtime.restartPolicy.delayMs',
  'execution.savepoint.path': 'realtime.restore',
};

/**
 * A slug close to `name`, for suggestions.
 *
 * @example
 * suggestJobName('My Orders Job!'); // 'my-orders-job'
 */
export function suggestJobName(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
  return s === '' ? 'job' : s;
}

/**
 * Checks the job's own fields and the settings of its kind; reports into `ctx.issues`.
 *
 * @example
 * checkJobFields(ctx); // e.g. adds { code: 'schedule.cron-seconds', ... } for '0 * * * * *'
 */
export function checkJobFields(ctx: RuleContext): void {
  const { raw } = ctx;
  if (typeof raw.name === 'string' && !JOB_NAME_PATTERN.test(raw.name)) {
    report(
      ctx,
      'job.name-invalid',
      'error',
      ['name'],
      `Job name '${raw.name}' must be a slug: lowercase letters, digits and hyphens, starting and ending with a letter or digit, at most 63 characters (e.g. '${suggestJobName(raw.name)}')`,
    );
  }
  if (
    typeof raw.environment === 'string' &&
    raw.environment !== '' &&
    !ENVIRONMENT_PATTERN.test(raw.environment)
  ) {
    report(
      ctx,
      'job.environment-invalid',
      'error',
      ['environment'],
      `Environment name '${raw.environment}' may use letters, digits, '.', '_' and '-' only`,
    );
  }
  if (Array.isArray(raw.tags)) {
    const seen = new Set<string>();
    raw.tags.forEach((t, i) => {
      if (typeof t !== 'string') return;
      if (seen.has(t)) report(ctx, 'job.tag-duplicate', 'warning', ['tags', i], `Tag '${t}' is listed twice`);
      seen.add(t);
    });
  }

  if (ctx.kind === 'scheduled') checkSchedule(ctx);
  if (ctx.kind === 'realtime') checkRealtime(ctx);
}

function checkSchedule(ctx: RuleContext): void {
  const raw = ctx.raw.schedule;
  if (raw === undefined) {
    report(
      ctx,
      'schedule.missing',
      'error',
      ['schedule'],
      "A scheduled job needs schedule settings: at least a cron expression, e.g. { cron: '*/5 * * * *', timezone: 'UTC' }",
    );
    return;
  }
  if (typeof raw !== 'object' || raw === null) return;
  const { cron, timezone } = raw as { cron?: unknown; timezone?: unknown };
  const zone = typeof timezone === 'string' ? timezone : 'UTC';
  if (typeof timezone === 'string' && !isValidTimezone(timezone)) {
    report(
      ctx,
      'schedule.timezone-invalid',
      'error',
      ['schedule', 'timezone'],
      `Unknown time zone '${timezone}': use an IANA name such as 'Europe/Paris', 'America/New_York' or 'UTC'`,
    );
  }
  if (typeof cron === 'string') {
    const problem = checkCron(cron, zone);
    if (problem !== undefined)
      report(ctx, `schedule.${problem.code}`, 'error', ['schedule', 'cron'], problem.message);
  }
  const s = ctx.schedule;
  if (
    s !== undefined &&
    s.retries.attempts > 0 &&
    s.retries.backoff.delayMs * 2 ** Math.min(s.retries.attempts, 30) > 7 * 86_400_000 &&
    s.retries.backoff.type === 'exponential'
  ) {
    report(
      ctx,
      'schedule.backoff-long',
      'warning',
      ['schedule', 'retries'],
      'With exponential backoff the last retry would wait more than a week; lower the attempts or the delay',
    );
  }
}

function checkRealtime(ctx: RuleContext): void {
  const r = ctx.realtime;
  if (r === undefined) return;
  if (r.restore === 'latest-checkpoint' && r.checkpointIntervalMs === 0) {
    report(
      ctx,
      'realtime.restore-without-checkpoints',
      'error',
      ['realtime', 'restore'],
      "Restoring from the latest checkpoint needs checkpointing: set checkpointIntervalMs (e.g. 60000) or restore from 'latest-savepoint'",
    );
  }
  if (r.checkpointIntervalMs > 0 && r.checkpointIntervalMs < 1_000) {
    report(
      ctx,
      'realtime.checkpoint-too-frequent',
      'warning',
      ['realtime', 'checkpointIntervalMs'],
      `A checkpoint every ${r.checkpointIntervalMs} ms costs a lot of I/O; one every 10 s to 5 min is usual`,
    );
  }
  if (r.autoRestart.maxDelayMs < r.autoRestart.initialDelayMs) {
    report(
      ctx,
      'realtime.auto-restart-delays',
      'error',
      ['realtime', 'autoRestart', 'maxDelayMs'],
      'autoRestart.maxDelayMs must not be smaller than autoRestart.initialDelayMs',
    );
  }
  for (const [key, value] of Object.entries(r.flinkConfig)) {
    const path = ['realtime', 'flinkConfig', key];
    if (key.trim() === '') {
      report(ctx, 'realtime.flink-config-key', 'error', path, 'A Flink configuration key cannot be empty');
      continue;
    }
    const managed = MANAGED_FLINK_KEYS[key];
    if (managed !== undefined) {
      report(
        ctx,
        'realtime.flink-config-managed',
        'error',
        path,
        `Flink setting '${key}' is set by Sluice from ${managed}; change that instead`,
      );
    }
    checkParamRefs(ctx, value, { path, label: `Flink setting '${key}'`, secretCapable: false });
  }
  if (r.pyflinkTemplate !== undefined) {
    for (const marker of ['# SOURCE_BLOCK #', '# EXEC_BLOCK #']) {
      if (!r.pyflinkTemplate.includes(marker)) {
        report(
          ctx,
          'realtime.template-marker',
          'error',
          ['realtime', 'pyflinkTemplate'],
          `The PyFlink template has no '${marker}' line; the generated ${marker === '# EXEC_BLOCK #' ? 'python steps' : 'CREATE TABLE statements'} would have nowhere to go`,
        );
      }
    }
  }
}
