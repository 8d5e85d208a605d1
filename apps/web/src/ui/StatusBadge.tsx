export type BadgeTone = 'up' | 'down' | 'warn' | 'unknown' | 'run' | 'info';

const GLYPH: Record<BadgeTone, string> = {
  up: '●',
  down: '■',
  warn: '▲',
  unknown: '○',
  run: '◐',
  info: '◆',
};

/** A status pill whose meaning never depends on colour alone: it always carries a word and a shape. */
export function StatusBadge({
  tone,
  label,
  testId = 'status-badge',
  title,
}: {
  tone: BadgeTone;
  label: string;
  testId?: string;
  title?: string;
}) {
  return (
    <span className={`badge badge--${tone}`} data-testid={testId} data-tone={tone} title={title}>
      <span className="badge__glyph" aria-hidden="true">
        {GLYPH[tone]}
      </span>
      {label}
    </span>
  );
}
