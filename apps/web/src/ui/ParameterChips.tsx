/**
 * The parameter values a run or deployment started with, as `name=value` chips (secret ones arrive
 * from the API as `***`). A `<dt>Parameters</dt>` row of a details list; nothing when there are none.
 */
export function ParameterChips({ values }: { values: Record<string, unknown> }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  return (
    <div>
      <dt>Parameters</dt>
      <dd>
        {entries.map(([k, v]) => (
          <code key={k} className="param-chip">
            {k}={typeof v === 'string' ? v : JSON.stringify(v)}
          </code>
        ))}
      </dd>
    </div>
  );
}
