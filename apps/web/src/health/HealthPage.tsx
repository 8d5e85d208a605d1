import { SERVICE_NAMES } from '../api/health.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { ServiceCard } from './ServiceCard.js';
import { POLL_INTERVAL_MS, useHealth } from './use-health.js';

function Summary({
  status,
  down,
  total,
}: {
  status: 'ok' | 'degraded' | 'unreachable';
  down: number;
  total: number;
}) {
  if (status === 'unreachable') return <StatusBadge tone="down" label="API unreachable" />;
  if (status === 'ok') return <StatusBadge tone="up" label={`All ${total} services up`} />;
  return <StatusBadge tone="down" label={`${down} of ${total} services down`} />;
}

/** The stack health page: every service Sluice depends on, refreshed every few seconds. */
export function HealthPage() {
  const { report, error, updatedAt, checking, refresh } = useHealth();
  const overall = error ? 'unreachable' : report?.status;
  const down = report ? SERVICE_NAMES.filter((n) => report.services[n].status === 'down').length : 0;

  return (
    <section className="page" aria-labelledby="health-title" data-testid="health-page">
      <div className="page__header">
        <div>
          <h1 id="health-title">Stack health</h1>
          <p className="page__lede">
            The services Sluice runs on, checked by the API every {POLL_INTERVAL_MS / 1000} seconds.
          </p>
        </div>
        <div className="page__actions">
          <button
            type="button"
            className="button"
            onClick={refresh}
            disabled={checking}
            data-testid="health-refresh"
          >
            {checking ? 'Checking…' : 'Check now'}
          </button>
        </div>
      </div>

      <div
        className="summary"
        aria-live="polite"
        data-testid="health-summary"
        data-status={overall ?? 'loading'}
      >
        {overall ? (
          <Summary status={overall} down={down} total={SERVICE_NAMES.length} />
        ) : (
          <StatusBadge tone="unknown" label="Checking services…" />
        )}
        {updatedAt && (
          <span className="summary__time" data-testid="health-updated-at">
            Last checked <time dateTime={updatedAt.toISOString()}>{updatedAt.toLocaleTimeString()}</time>
          </span>
        )}
      </div>

      {error && (
        <div className="alert" role="alert" data-testid="api-unreachable">
          <p className="alert__title">Cannot reach the Sluice API</p>
          <p>{error}</p>
          <p>
            Start everything with <code>npm start</code>, or check <code>.data/logs/api.log</code>.
            {report && ' The cards below show the last report received.'}
          </p>
        </div>
      )}

      {!report && !error && (
        <p className="loading" aria-busy="true" data-testid="health-loading">
          Asking the API about Redis, MySQL, Kafka and Flink…
        </p>
      )}

      {report && (
        <ul className="services" aria-label="Services" data-testid="health-report">
          {SERVICE_NAMES.map((name) => (
            <ServiceCard key={name} name={name} health={report.services[name]} stale={Boolean(error)} />
          ))}
        </ul>
      )}
    </section>
  );
}
