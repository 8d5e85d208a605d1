import { checkCron, isValidTimezone, nextFireTimes } from '@sluice/dag';
import { useEffect, useState } from 'react';
import { formatDateTime, formatRelative } from '../../lib/format.js';

/**
 * The next fire times of a cron in its zone, computed in the browser with the same cron-parser
 * the scheduler uses (`nextFireTimes` of @sluice/dag), so what is shown is what will fire.
 * Recomputed a moment after typing stops, and every minute.
 */
export function CronPreview({
  cron,
  timezone,
  count = 5,
}: {
  cron: string;
  timezone: string;
  count?: number;
}) {
  const [now, setNow] = useState(() => new Date());
  const [settled, setSettled] = useState({ cron, timezone });
  useEffect(() => {
    const t = setTimeout(() => setSettled({ cron, timezone }), 250);
    return () => clearTimeout(t);
  }, [cron, timezone]);
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(t);
  }, []);

  let times: Date[] = [];
  let problem: string | undefined;
  if (!isValidTimezone(settled.timezone)) problem = `Unknown time zone '${settled.timezone}'`;
  else {
    problem = checkCron(settled.cron, settled.timezone)?.message;
    if (problem === undefined) {
      try {
        times = nextFireTimes(settled.cron, settled.timezone, count, now);
      } catch (e) {
        problem = (e as Error).message;
      }
    }
  }
  return (
    <div className="cron-preview" aria-live="polite" data-testid="cron-preview">
      <p className="cron-preview__title">Next {count} runs</p>
      {problem ? (
        <p className="muted small">No preview: fix the schedule first.</p>
      ) : (
        <ol>
          {times.map((t) => (
            <li key={t.toISOString()} data-testid="cron-time">
              <time dateTime={t.toISOString()} title={`${formatDateTime(t)} local time`}>
                {formatDateTime(t, settled.timezone)}
              </time>{' '}
              <span className="muted">{formatRelative(t, now)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
