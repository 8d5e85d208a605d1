import type { PythonNode } from '@sluice/dag';
import type { KeyboardEvent } from 'react';
import { Field } from '../../ui/Field.js';
import { useEditor, useEditorStore } from '../editor-context.js';
import { useFieldIssues } from './use-field-issues.js';

const INDENT = '    ';

/** Tab indents (four spaces, as Python wants) instead of leaving the editor; Escape then Tab leaves. */
function onCodeKeyDown(event: KeyboardEvent<HTMLTextAreaElement>, setCode: (code: string) => void) {
  if (event.key !== 'Tab' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
  const el = event.currentTarget;
  if (el.dataset.escaped === 'true') {
    el.dataset.escaped = 'false';
    return;
  }
  event.preventDefault();
  const { selectionStart: start, selectionEnd: end, value } = el;
  const next = `${value.slice(0, start)}${INDENT}${value.slice(end)}`;
  setCode(next);
  requestAnimationFrame(() => {
    el.selectionStart = start + INDENT.length;
    el.selectionEnd = start + INDENT.length;
  });
}

/** Inspector of a python step: mode (record runs everywhere; pyflink only in real-time jobs) and code. */
export function PythonInspector({ node }: { node: PythonNode }) {
  const store = useEditorStore();
  const jobKind = useEditor((s) => s.job.kind);
  const { messagesAt, keyOf } = useFieldIssues(node.id);
  const setConfig = (config: Partial<PythonNode['config']>) =>
    store
      .getState()
      .updateNode(node.id, (n) => (n.kind === 'python' ? { ...n, config: { ...n.config, ...config } } : n));
  const lines = node.config.code.split('\n').length;

  return (
    <>
      <fieldset className="field radio-group" data-field={keyOf(['config', 'mode'])}>
        <legend className="field__label">Mode</legend>
        <label className="radio-label">
          <input
            type="radio"
            name={`mode-${node.id}`}
            value="record"
            checked={node.config.mode === 'record'}
            onChange={() => setConfig({ mode: 'record' })}
          />
          <span>
            <strong>record</strong>: <code>process(record, ctx)</code> per record; runs in scheduled and
            real-time jobs
          </span>
        </label>
        <label className="radio-label">
          <input
            type="radio"
            name={`mode-${node.id}`}
            value="pyflink"
            checked={node.config.mode === 'pyflink'}
            disabled={jobKind === 'scheduled' && node.config.mode !== 'pyflink'}
            onChange={() => setConfig({ mode: 'pyflink' })}
          />
          <span>
            <strong>pyflink</strong>: an SREWorks fragment using <code>t_env</code>; real-time jobs only
          </span>
        </label>
      </fieldset>
      <Field
        label="Code"
        hint={
          node.config.mode === 'record' ? (
            <>
              Define <code>process(record, ctx)</code> returning a dict, a list of dicts, or <code>None</code>{' '}
              to drop the record; optional <code>open(ctx)</code> and <code>close(ctx)</code>.{' '}
              <code>ctx.params</code> holds the parameters, <code>ctx.log</code> writes to the run log. Tab
              indents; Escape then Tab leaves.
            </>
          ) : (
            <>
              Read tables with <code>t_env.from_path("name")</code> and write with{' '}
              <code>execute_insert("sink")</code>. Tab indents; Escape then Tab leaves.
            </>
          )
        }
        messages={[...messagesAt(['config', 'code']), ...messagesAt(['config', 'mode'])]}
        fieldKey={keyOf(['config', 'code'])}
      >
        {(control) => (
          <textarea
            {...control}
            className="input code-input"
            data-testid="python-code"
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            wrap="off"
            rows={Math.min(24, Math.max(10, lines + 2))}
            value={node.config.code}
            onChange={(e) => setConfig({ code: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Escape') e.currentTarget.dataset.escaped = 'true';
              else if (e.key === 'Tab') onCodeKeyDown(e, (code) => setConfig({ code }));
              else e.currentTarget.dataset.escaped = 'false';
            }}
          />
        )}
      </Field>
    </>
  );
}
