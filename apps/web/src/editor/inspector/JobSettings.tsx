import { JOB_NAME_PATTERN, suggestJobName } from '@sluice/dag';
import { useEffect, useState } from 'react';
import { environmentsApi } from '../../api/endpoints.js';
import { useResource } from '../../lib/use-resource.js';
import { Field, type FieldControlProps, FieldMessages } from '../../ui/Field.js';
import { useEditor, useEditorStore } from '../editor-context.js';
import { ParametersEditor } from './ParametersEditor.js';
import { RealtimeFields } from './RealtimeFields.js';
import { ScheduleFields } from './ScheduleFields.js';
import { SecretsEditor } from './SecretsEditor.js';
import { useFieldIssues } from './use-field-issues.js';

/** The inspector when no node is selected: the job's own settings. */
export function JobSettings() {
  const store = useEditorStore();
  const job = useEditor((s) => s.job);
  const persisted = useEditor((s) => s.persisted);
  const { messagesAt, keyOf } = useFieldIssues();
  const environments = useResource('environments', (signal) => environmentsApi.list({ signal }));
  const set = (patch: Partial<typeof job>) => store.getState().updateJob((j) => ({ ...j, ...patch }));
  const nameSuggestion =
    job.name !== '' && !JOB_NAME_PATTERN.test(job.name) ? suggestJobName(job.name) : undefined;
  const envs = environments.data ?? [];
  const currentEnv = envs.find((e) => e.name === job.environment);
  const secretNames = job.parameters.filter((p) => p.secret && p.name !== '').map((p) => p.name);

  return (
    <div className="inspector__body" data-testid="job-settings">
      <header className="inspector__header">
        <div>
          <p className="inspector__kind">Job settings</p>
          <h2 className="inspector__title">{job.title || job.name || 'New job'}</h2>
        </div>
      </header>
      <FieldMessages messages={messagesAt([], true)} />
      <Field
        label="Name"
        required
        hint={
          persisted ? (
            'The name identifies the job in URLs and cannot change.'
          ) : nameSuggestion ? (
            <>
              Lowercase letters, digits and hyphens.{' '}
              <button type="button" className="link-button" onClick={() => set({ name: nameSuggestion })}>
                Use “{nameSuggestion}”
              </button>
            </>
          ) : (
            'Lowercase letters, digits and hyphens; used in URLs and queue names.'
          )
        }
        messages={messagesAt(['name'])}
        fieldKey={keyOf(['name'])}
      >
        {(control) => (
          <input
            {...control}
            className="input input--mono"
            data-testid="job-name"
            spellCheck={false}
            autoComplete="off"
            readOnly={persisted !== null}
            value={job.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        )}
      </Field>
      <Field label="Title" messages={messagesAt(['title'])} fieldKey={keyOf(['title'])}>
        {(control) => (
          <input
            {...control}
            className="input"
            data-testid="job-title"
            value={job.title}
            onChange={(e) => set({ title: e.target.value })}
          />
        )}
      </Field>
      <Field label="Description" messages={messagesAt(['description'])} fieldKey={keyOf(['description'])}>
        {(control) => (
          <textarea
            {...control}
            className="input"
            rows={2}
            value={job.description}
            onChange={(e) => set({ description: e.target.value })}
          />
        )}
      </Field>
      <fieldset className="field radio-group" data-field={keyOf(['kind'])}>
        <legend className="field__label">Kind</legend>
        <label className="radio-label">
          <input
            type="radio"
            name="job-kind"
            value="scheduled"
            data-testid="kind-scheduled"
            checked={job.kind === 'scheduled'}
            onChange={() => store.getState().setKind('scheduled')}
          />
          <span>
            <strong>Scheduled</strong>: batch runs on a cron, by Sluice's workers
          </span>
        </label>
        <label className="radio-label">
          <input
            type="radio"
            name="job-kind"
            value="realtime"
            data-testid="kind-realtime"
            checked={job.kind === 'realtime'}
            onChange={() => store.getState().setKind('realtime')}
          />
          <span>
            <strong>Real-time</strong>: a streaming PyFlink job on the Flink cluster
          </span>
        </label>
      </fieldset>
      <Field
        label="Environment"
        hint={
          currentEnv
            ? `${currentEnv.status}${currentEnv.usable ? '' : ': not usable yet'}${currentEnv.pyflink ? ` · PyFlink ${currentEnv.pyflink.version}` : ''}`
            : environments.error
              ? `Environments could not be listed: ${environments.error.message}`
              : 'The Python venv (and Flink version) the job runs in.'
        }
        messages={messagesAt(['environment'])}
        fieldKey={keyOf(['environment'])}
      >
        {(control) => (
          <select
            {...control}
            className="input"
            value={job.environment}
            data-testid="environment-select"
            onChange={(e) => set({ environment: e.target.value })}
          >
            {!envs.some((e) => e.name === job.environment) && (
              <option value={job.environment}>
                {job.environment}
                {environments.data ? ' (not found)' : ''}
              </option>
            )}
            {envs.map((e) => (
              <option key={e.name} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Tags" hint="Comma separated" messages={messagesAt(['tags'])} fieldKey={keyOf(['tags'])}>
        {(control) => <TagsInput control={control} tags={job.tags} onChange={(tags) => set({ tags })} />}
      </Field>

      <section className="inspector__section" aria-label="Parameters">
        <h3 className="inspector__subtitle">Parameters</h3>
        <ParametersEditor />
      </section>

      {job.kind === 'scheduled' && job.schedule && (
        <section className="inspector__section" aria-label="Schedule">
          <h3 className="inspector__subtitle">Schedule</h3>
          <FieldMessages messages={messagesAt(['schedule'], true)} />
          <ScheduleFields schedule={job.schedule} />
        </section>
      )}
      {job.kind === 'realtime' && job.realtime && (
        <section className="inspector__section" aria-label="Real-time settings">
          <h3 className="inspector__subtitle">Real-time</h3>
          <RealtimeFields realtime={job.realtime} />
        </section>
      )}
      {persisted && job.kind === 'scheduled' && secretNames.length > 0 && (
        <section className="inspector__section" aria-label="Secret values">
          <h3 className="inspector__subtitle">Secret values</h3>
          <SecretsEditor jobName={persisted.name} names={secretNames} />
        </section>
      )}
    </div>
  );
}

/** Comma-separated tags; the text is kept as typed (a trailing comma included) while the model gets the tags. */
function TagsInput({
  control,
  tags,
  onChange,
}: {
  control: FieldControlProps;
  tags: string[];
  onChange: (tags: string[]) => void;
}) {
  const [text, setText] = useState(tags.join(', '));
  useEffect(() => {
    setText((t) => (split(t).join('\u0000') === tags.join('\u0000') ? t : tags.join(', ')));
  }, [tags]);
  return (
    <input
      {...control}
      className="input"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(split(e.target.value));
      }}
    />
  );
}

function split(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}
