export type BadgeTone = 'up' | 'down' | 'warn' | 'unknown';

const GLYPH: Record<BadgeTone, string> = { up: '●', down: '■', warn: '▲', unknown: '○' };

/** A status pill whose meaning never depends on colour alone: it always carries a word and a shape. */
export function StatusBadge({ tone, label }: { tone: BadgeTone; label: string }) {
  return (
    <span className={`badge badge--${tone}`} data-testid="status-badge">
      <span className="badge__glyph" aria-hidden="true">
        {GLYPH[tone]}
      </span>
      {label}
    </span>
  );
}
