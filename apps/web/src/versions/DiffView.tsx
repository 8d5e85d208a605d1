import { type DagNode, type FieldChange, formatPath } from '@sluice/dag';
import type { VersionDiff } from '../api/types.js';
import { lineDiff } from './line-diff.js';

const MAX_VALUE = 400;

function Value({ value }: { value: unknown }) {
  if (value === undefined) return <span className="muted">(none)</span>;
  const text =
    typeof value === 'string'
      ? value
      : JSON.stringify(value, null, value && typeof value === 'object' ? 2 : 0);
  const clipped = text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
  return clipped.includes('\n') ? <pre className="diff__pre">{clipped}</pre> : <code>{clipped}</code>;
}

/** A changed multi-line text (code) as a line diff; other values as before and after. */
function TextDiff({ before, after }: { before: string; after: string }) {
  const lines = lineDiff(before, after);
  if (lines === undefined) return null;
  return (
    <pre className="diff__lines" data-testid="line-diff">
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of a static diff never move
        <span key={i} className={`diff__line diff__line--${l.type}`}>
          <span className="diff__sign" aria-hidden="true">
            {l.type === 'added' ? '+' : l.type === 'removed' ? '−' : ' '}
          </span>
          <span className="visually-hidden">{l.type === 'same' ? '' : `${l.type}: `}</span>
          {l.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

const isMultiline = (v: unknown): v is string => typeof v === 'string' && v.includes('\n');

function Changes({ changes }: { changes: readonly FieldChange[] }) {
  return (
    <ul className="diff__changes">
      {changes.map((c) => (
        <li key={`${formatPath(c.path)}:${c.type}`} className={`diff__change diff__change--${c.type}`}>
          <code className="diff__path">{formatPath(c.path)}</code>{' '}
          <span className="diff__type">{c.type}</span>
          {c.type === 'changed' &&
          isMultiline(c.before) &&
          isMultiline(c.after) &&
          lineDiff(c.before, c.after) ? (
            <TextDiff before={c.before} after={c.after} />
          ) : (
            <>
              {c.type !== 'added' && (
                <div className="diff__before">
                  <span className="visually-hidden">before: </span>
                  <Value value={c.before} />
                </div>
              )}
              {c.type !== 'removed' && (
                <div className="diff__after">
                  <span className="visually-hidden">after: </span>
                  <Value value={c.after} />
                </div>
              )}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function NodeName({ node }: { node: Pick<DagNode, 'kind' | 'name'> }) {
  return (
    <>
      <span className={`kind-dot kind-dot--${node.kind}`} aria-hidden="true" /> <strong>{node.name}</strong>{' '}
      <span className="muted small">{node.kind}</span>
    </>
  );
}

/** The structural diff of two versions: nodes and edges added or removed, every changed field with its path. */
export function DiffView({ diff, names }: { diff: VersionDiff; names: ReadonlyMap<string, string> }) {
  // Removed nodes exist only in the older version: their names come from the diff itself.
  const all = new Map(names);
  for (const n of [...diff.nodes.removed, ...diff.nodes.added]) all.set(n.id, n.name);
  const name = (id: string) => all.get(id) ?? id;
  if (diff.changeCount === 0) {
    return (
      <p className="muted" data-testid="diff-empty">
        Version {diff.from} and version {diff.to} are the same.
      </p>
    );
  }
  return (
    <div className="diff" data-testid="diff">
      <p>
        <strong>{diff.changeCount}</strong> change{diff.changeCount === 1 ? '' : 's'} from version {diff.from}{' '}
        to version {diff.to}.
      </p>
      {diff.fields.length > 0 && (
        <section>
          <h3 className="diff__title">Job settings</h3>
          <Changes changes={diff.fields} />
        </section>
      )}
      {diff.nodes.added.length > 0 && (
        <section>
          <h3 className="diff__title">Nodes added</h3>
          <ul className="diff__list">
            {diff.nodes.added.map((n) => (
              <li key={n.id} className="diff__change--added">
                <NodeName node={n} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {diff.nodes.removed.length > 0 && (
        <section>
          <h3 className="diff__title">Nodes removed</h3>
          <ul className="diff__list">
            {diff.nodes.removed.map((n) => (
              <li key={n.id} className="diff__change--removed">
                <NodeName node={n} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {diff.nodes.changed.map((n) => (
        <section key={n.id}>
          <h3 className="diff__title">
            Changed: <NodeName node={n} />
          </h3>
          <Changes changes={n.changes} />
        </section>
      ))}
      {(diff.edges.added.length > 0 || diff.edges.removed.length > 0) && (
        <section>
          <h3 className="diff__title">Connections</h3>
          <ul className="diff__list">
            {diff.edges.added.map((e) => (
              <li key={`+${e.id}`} className="diff__change--added">
                added {name(e.source)} → {name(e.target)}
              </li>
            ))}
            {diff.edges.removed.map((e) => (
              <li key={`-${e.id}`} className="diff__change--removed">
                removed {name(e.source)} → {name(e.target)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
