import type { RealtimeSettings } from '@sluice/dag';
import { Field } from '../../ui/Field.js';
import { useEditorStore } from '../editor-context.js';
import { NumberInput } from './NumberInput.js';
import { useFieldIssues } from './use-field-issues.js';

/** Settings of a real-time job: parallelism, checkpoints, Flink's restart policy, restore and stop. */
export function RealtimeFields({ realtime }: { realtime: RealtimeSettings }) {
  const store = useEditorStore();
  const { messagesAt, keyOf } = useFieldIssues();
  const set = (patch: Partial<RealtimeSettings>) =>
    store.getState().updateJob((j) => (j.realtime ? { ...j, realtime: { ...j.realtime, ...patch } } : j));
  const p = (...rest: string[]) => ['realtime', ...rest];
  const policy = realtime.restartPolicy;

  return (
    <>
      <div className="field-grid">
        <Field label="Parallelism" messages={messagesAt(p('parallelism'))} fieldKey={keyOf(p('parallelism'))}>
          {(control) => (
            <NumberInput
              control={control}
              value={realtime.parallelism}
              min={1}
              step={1}
              testId="parallelism-input"
              onChange={(parallelism) => set({ parallelism })}
            />
          )}
        </Field>
        <Field
          label="Checkpoint every (s)"
          hint="0 turns checkpoints off"
          messages={messagesAt(p('checkpointIntervalMs'))}
          fieldKey={keyOf(p('checkpointIntervalMs'))}
        >
          {(control) => (
            <NumberInput
              control={control}
              value={realtime.checkpointIntervalMs}
              scale={1000}
              min={0}
              onChange={(checkpointIntervalMs) =>
                set({ checkpointIntervalMs: Math.round(checkpointIntervalMs) })
              }
            />
          )}
        </Field>
        <Field
          label="Restart policy"
          messages={messagesAt(p('restartPolicy'))}
          fieldKey={keyOf(p('restartPolicy', 'type'))}
        >
          {(control) => (
            <select
              {...control}
              className="input"
              value={policy.type}
              onChange={(e) =>
                set({
                  restartPolicy: {
                    ...policy,
                    type: e.target.value as RealtimeSettings['restartPolicy']['type'],
                  },
                })
              }
            >
              <option value="none">none: fail at once</option>
              <option value="fixed-delay">fixed delay</option>
              <option value="exponential-delay">exponential delay</option>
            </select>
          )}
        </Field>
        {policy.type !== 'none' && (
          <>
            <Field label="Restart attempts">
              {(control) => (
                <NumberInput
                  control={control}
                  value={policy.attempts}
                  min={0}
                  step={1}
                  onChange={(attempts) => set({ restartPolicy: { ...policy, attempts } })}
                />
              )}
            </Field>
            <Field label="Restart delay (s)">
              {(control) => (
                <NumberInput
                  control={control}
                  value={policy.delayMs}
                  scale={1000}
                  min={0}
                  onChange={(delayMs) => set({ restartPolicy: { ...policy, delayMs: Math.round(delayMs) } })}
                />
              )}
            </Field>
          </>
        )}
        <Field
          label="Start from"
          hint="What a start restores unless chosen otherwise"
          messages={messagesAt(p('restore'))}
          fieldKey={keyOf(p('restore'))}
        >
          {(control) => (
            <select
              {...control}
              className="input"
              value={realtime.restore}
              onChange={(e) => set({ restore: e.target.value as RealtimeSettings['restore'] })}
            >
              <option value="latest-savepoint">latest savepoint</option>
              <option value="latest-checkpoint">latest checkpoint</option>
              <option value="none">no state (fresh)</option>
            </select>
          )}
        </Field>
      </div>
      <label className="checkbox-label">
        <input
          type="checkbox"
          className="checkbox"
          checked={realtime.savepointOnStop}
          onChange={(e) => set({ savepointOnStop: e.target.checked })}
        />
        Take a savepoint when stopping
      </label>
      <label className="checkbox-label">
        <input
          type="checkbox"
          className="checkbox"
          checked={realtime.autoRestart.enabled}
          onChange={(e) => set({ autoRestart: { ...realtime.autoRestart, enabled: e.target.checked } })}
        />
        Restart automatically after Flink gives up (up to {realtime.autoRestart.maxAttempts} times, with
        backoff)
      </label>
      {realtime.autoRestart.enabled && (
        <div className="field-grid">
          <Field label="Automatic restarts" messages={messagesAt(p('autoRestart'))}>
            {(control) => (
              <NumberInput
                control={control}
                value={realtime.autoRestart.maxAttempts}
                min={1}
                step={1}
                onChange={(maxAttempts) => set({ autoRestart: { ...realtime.autoRestart, maxAttempts } })}
              />
            )}
          </Field>
          <Field label="First delay (s)">
            {(control) => (
              <NumberInput
                control={control}
                value={realtime.autoRestart.initialDelayMs}
                scale={1000}
                min={0}
                onChange={(initialDelayMs) =>
                  set({
                    autoRestart: { ...realtime.autoRestart, initialDelayMs: Math.round(initialDelayMs) },
                  })
                }
              />
            )}
          </Field>
        </div>
      )}
    </>
  );
}
