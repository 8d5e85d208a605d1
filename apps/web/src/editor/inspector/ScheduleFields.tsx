import type { ScheduleSettings } from '@sluice/dag';
import { useId } from 'react';
import { Field } from '../../ui/Field.js';
import { useEditor, useEditorStore } from '../editor-context.js';
import { CronPreview } from './CronPreview.js';
import { NumberInput } from './NumberInput.js';
import { useFieldIssues } from './use-field-issues.js';

const PRESETS: { label: string; cron: string }[] = [
  { label: 'Every minute', cron: '* * * * *' },
  { label: 'Every 5 minutes', cron: '*/5 * * * *' },
  { label: 'Hourly', cron: '0 * * * *' },
  { label: 'Daily at 02:00', cron: '0 2 * * *' },
  { label: 'Weekdays at 09:00', cron: '0 9 * * 1-5' },
];

/** Every IANA zone the browser knows, for the time zone suggestions. */
function timeZones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}
const ZONES = timeZones();

/** Settings of a scheduled job: cron and zone with a preview, overlap, catch-up, retries, timeout. */
export function ScheduleFields({ schedule }: { schedule: ScheduleSettings }) {
  const store = useEditorStore();
  const enabled = useEditor((s) => s.job.schedule?.enabled ?? true);
  const { messagesAt, keyOf } = useFieldIssues();
  const zonesId = useId();
  const set = (patch: Partial<ScheduleSettings>) =>
    store.getState().updateJob((j) => (j.schedule ? { ...j, schedule: { ...j.schedule, ...patch } } : j));
  const p = (...rest: string[]) => ['schedule', ...rest];

  return (
    <>
      <Field
        label="Cron"
        required
        hint="Five fields: minute hour day-of-month month day-of-week. Minute-level at most."
        messages={messagesAt(p('cron'))}
        fieldKey={keyOf(p('cron'))}
        testId="cron-field"
      >
        {(control) => (
          <div className="input-with-menu">
            <input
              {...control}
              className="input input--mono"
              data-testid="cron-input"
              spellCheck={false}
              autoComplete="off"
              value={schedule.cron}
              onChange={(e) => set({ cron: e.target.value })}
            />
            <select
              className="input input--compact"
              aria-label="Cron presets"
              value=""
              onChange={(e) => e.target.value && set({ cron: e.target.value })}
            >
              <option value="">Presets…</option>
              {PRESETS.map((preset) => (
                <option key={preset.cron} value={preset.cron}>
                  {preset.label}
                </option>
              ))}
            </select>
          </div>
        )}
      </Field>
      <Field label="Time zone" required messages={messagesAt(p('timezone'))} fieldKey={keyOf(p('timezone'))}>
        {(control) => (
          <>
            <input
              {...control}
              className="input"
              list={zonesId}
              spellCheck={false}
              autoComplete="off"
              value={schedule.timezone}
              data-testid="timezone-input"
              onChange={(e) => set({ timezone: e.target.value })}
            />
            <datalist id={zonesId}>
              {ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <CronPreview cron={schedule.cron} timezone={schedule.timezone} />
      <label className="checkbox-label">
        <input
          type="checkbox"
          className="checkbox"
          checked={enabled}
          data-testid="schedule-enabled"
          onChange={(e) => set({ enabled: e.target.checked })}
        />
        Enabled: fire on schedule once saved
      </label>
      <div className="field-grid">
        <Field
          label="While a run is going"
          messages={messagesAt(p('overlap'))}
          fieldKey={keyOf(p('overlap'))}
        >
          {(control) => (
            <select
              {...control}
              className="input"
              value={schedule.overlap}
              onChange={(e) => set({ overlap: e.target.value as ScheduleSettings['overlap'] })}
            >
              <option value="skip">skip the tick</option>
              <option value="queue">queue a run after it</option>
            </select>
          )}
        </Field>
        <Field label="After downtime" messages={messagesAt(p('catchUp'))} fieldKey={keyOf(p('catchUp'))}>
          {(control) => (
            <select
              {...control}
              className="input"
              value={schedule.catchUp}
              onChange={(e) => set({ catchUp: e.target.value as ScheduleSettings['catchUp'] })}
            >
              <option value="none">run nothing</option>
              <option value="latest">run the latest missed tick</option>
            </select>
          )}
        </Field>
        <Field
          label="Retries"
          messages={messagesAt(p('retries', 'attempts'))}
          fieldKey={keyOf(p('retries', 'attempts'))}
        >
          {(control) => (
            <NumberInput
              control={control}
              value={schedule.retries.attempts}
              min={0}
              max={100}
              step={1}
              onChange={(attempts) => set({ retries: { ...schedule.retries, attempts } })}
            />
          )}
        </Field>
        <Field
          label="Retry delay (s)"
          hint={schedule.retries.backoff.type === 'exponential' ? 'doubles each attempt' : 'between attempts'}
          messages={messagesAt(p('retries', 'backoff'))}
          fieldKey={keyOf(p('retries', 'backoff', 'delayMs'))}
        >
          {(control) => (
            <NumberInput
              control={control}
              value={schedule.retries.backoff.delayMs}
              scale={1000}
              min={0}
              onChange={(delayMs) =>
                set({ retries: { ...schedule.retries, backoff: { ...schedule.retries.backoff, delayMs } } })
              }
            />
          )}
        </Field>
        <Field label="Backoff">
          {(control) => (
            <select
              {...control}
              className="input"
              value={schedule.retries.backoff.type}
              onChange={(e) =>
                set({
                  retries: {
                    ...schedule.retries,
                    backoff: { ...schedule.retries.backoff, type: e.target.value as 'exponential' | 'fixed' },
                  },
                })
              }
            >
              <option value="exponential">exponential</option>
              <option value="fixed">fixed</option>
            </select>
          )}
        </Field>
        <Field label="Timeout (min)" messages={messagesAt(p('timeoutMs'))} fieldKey={keyOf(p('timeoutMs'))}>
          {(control) => (
            <NumberInput
              control={control}
              value={schedule.timeoutMs}
              scale={60_000}
              min={0}
              onChange={(timeoutMs) => set({ timeoutMs: Math.round(timeoutMs) })}
            />
          )}
        </Field>
        <Field
          label="Concurrent runs"
          messages={messagesAt(p('concurrency'))}
          fieldKey={keyOf(p('concurrency'))}
        >
          {(control) => (
            <NumberInput
              control={control}
              value={schedule.concurrency}
              min={1}
              max={100}
              step={1}
              onChange={(concurrency) => set({ concurrency })}
            />
          )}
        </Field>
      </div>
    </>
  );
}
