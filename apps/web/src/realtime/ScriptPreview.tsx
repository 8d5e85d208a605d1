import { realtimeApi } from '../api/endpoints.js';
import { useResource } from '../lib/use-resource.js';
import { CodeView } from '../ui/CodeView.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';

interface PlanSql {
  tables: { name: string; kind: string; ddl: string }[];
  inserts: string[];
}

/** The CREATE TABLE and INSERT statements of a plan (`sluice_plan.json`), read defensively. */
export function planSql(plan: Record<string, unknown>): PlanSql {
  const tables = Array.isArray(plan.tables) ? plan.tables : [];
  const inserts = Array.isArray(plan.inserts) ? plan.inserts : [];
  return {
    tables: tables.flatMap((t) => {
      const v = t as Record<string, unknown>;
      return typeof v.ddl === 'string' && typeof v.name === 'string'
        ? [{ name: v.name, kind: typeof v.kind === 'string' ? v.kind : '', ddl: v.ddl }]
        : [];
    }),
    inserts: inserts.filter((i): i is string => typeof i === 'string'),
  };
}

/**
 * The PyFlink script, Flink configuration and table plan the API generates for the saved version:
 * what Flink will run, read-only, before anything is started. Holds no parameter values.
 */
export function ScriptPreview({ jobName, version }: { jobName: string; version: number }) {
  const preview = useResource(`script:${jobName}:${version}`, (signal) =>
    realtimeApi.script(jobName, { signal }),
  );
  if (preview.error) return <ErrorAlert error={preview.error} title="The script could not be generated" />;
  const data = preview.data;
  if (!data)
    return (
      <p className="muted" aria-busy="true">
        Generating the script…
      </p>
    );
  const sql = planSql(data.plan);
  return (
    <div className="script-preview" data-testid="script-preview">
      <p className="muted small">
        Version {data.version}, listed in Flink as <code>{data.pipelineName}</code>. Generated from the job:
        edit the job, not this script.
      </p>
      {data.warnings.length > 0 && (
        <ul className="field__messages">
          {data.warnings.map((w) => (
            <li key={w} className="field__message field__message--warning">
              {w}
            </li>
          ))}
        </ul>
      )}
      <h3 className="panel__subtitle">sluice_job.py</h3>
      <CodeView code={data.script} label="Generated PyFlink script" testId="script-code" />
      <div className="script-preview__side">
        <div>
          <h3 className="panel__subtitle">Flink configuration</h3>
          <table className="table table--compact" data-testid="script-config">
            <tbody>
              {Object.entries(data.config).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">
                    <code>{k}</code>
                  </th>
                  <td>
                    <code>{v}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3 className="panel__subtitle">Start parameters</h3>
          {data.parameters.length === 0 ? (
            <p className="muted small">None.</p>
          ) : (
            <ul className="plain-list">
              {data.parameters.map((p) => (
                <li key={p.name}>
                  <code>{p.name}</code>{' '}
                  <span className="muted small">
                    {[p.required ? 'required' : 'optional', p.secret ? 'secret: never in the script' : '']
                      .filter(Boolean)
                      .join(', ')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {(sql.tables.length > 0 || sql.inserts.length > 0) && (
        <>
          <h3 className="panel__subtitle">Tables and inserts</h3>
          <p className="muted small">
            Options that reference parameters show as <code>__sluice_param_N__</code> tokens: values are put
            in when the job is submitted, never written here.
          </p>
          <CodeView
            code={[
              ...sql.tables.map((t) => `-- ${t.kind} ${t.name}\n${t.ddl};`),
              ...sql.inserts.map((i) => `${i};`),
            ].join('\n\n')}
            label="CREATE TABLE and INSERT statements"
            testId="script-sql"
          />
        </>
      )}
      <details className="script-preview__plan">
        <summary>Plan (sluice_plan.json: tables, steps, inserts)</summary>
        <CodeView code={JSON.stringify(data.plan, null, 2)} label="Job plan" />
      </details>
    </div>
  );
}
