/** A progress bar with its value announced; without `value` it shows activity of unknown length. */
export function ProgressBar({
  value,
  label,
  testId,
  tone = 'run',
}: {
  value?: number;
  label: string;
  testId?: string;
  tone?: 'run' | 'up' | 'down' | 'warn';
}) {
  const known = value !== undefined && Number.isFinite(value);
  const percent = known ? Math.max(0, Math.min(100, Math.round(value))) : undefined;
  return (
    <div
      className={`progress progress--${tone}${known ? '' : ' progress--indeterminate'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      data-testid={testId}
      data-value={percent}
    >
      <div className="progress__bar" style={known ? { width: `${percent}%` } : undefined} />
    </div>
  );
}
