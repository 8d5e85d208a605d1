import { formatDateTime, formatRelative } from '../lib/format.js';

/**
 * A point in time: relative (`3 min ago`) or absolute, always with the exact local time in the
 * tooltip and a machine-readable `dateTime`.
 */
export function Time({
  iso,
  relative = false,
  timeZone,
  testId,
}: {
  iso: string | null | undefined;
  relative?: boolean;
  timeZone?: string;
  testId?: string;
}) {
  if (!iso) return <span className="muted">—</span>;
  const absolute = formatDateTime(iso, timeZone);
  const title = timeZone
    ? `${absolute} ${timeZone} (${formatDateTime(iso)} local)`
    : `${absolute} local time`;
  return (
    <time dateTime={iso} title={title} data-testid={testId}>
      {relative ? formatRelative(iso) : absolute}
    </time>
  );
}
