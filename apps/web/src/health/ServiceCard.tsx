import { memo } from 'react';
import type { ServiceHealth, ServiceName } from '../api/health.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { formatLatency, SERVICE_INFO, safeHttpUrl, visibleDetails } from './format.js';

interface Props {
  name: ServiceName;
  health: ServiceHealth;
  /** The report is from an earlier poll because the API is unreachable now. */
  stale: boolean;
}

export const ServiceCard = memo(function ServiceCard({ name, health, stale }: Props) {
  const info = SERVICE_INFO[name];
  const headingId = `service-${name}-title`;
  const up = health.status === 'up';
  const warned = up && (health.warnings?.length ?? 0) > 0;
  const dashboardUrl = name === 'flink' ? safeHttpUrl(health.detail?.dashboardUrl) : undefined;
  const details = visibleDetails(health.detail);

  return (
    <li>
      <article
        className={`service service--${health.status}${stale ? ' service--stale' : ''}`}
        aria-labelledby={headingId}
        data-testid={`service-${name}`}
        data-status={health.status}
      >
        <header className="service__header">
          <div>
            <h2 id={headingId} className="service__name">
              {info.label}
            </h2>
            <p className="service__role">{info.role}</p>
          </div>
          <span data-testid="service-status">
            <StatusBadge tone={up ? (warned ? 'warn' : 'up') : 'down'} label={up ? 'Up' : 'Down'} />
          </span>
        </header>

        <p className="service__address">
          <span className="visually-hidden">Address: </span>
          <code data-testid="service-address">{health.address}</code>
        </p>

        <dl className="service__facts">
          <div>
            <dt>Latency</dt>
            <dd data-testid="service-latency">{formatLatency(health.latencyMs)}</dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd data-testid="service-version">{health.version ?? '—'}</dd>
          </div>
          {details.map((d) => (
            <div key={d.key}>
              <dt>{d.label}</dt>
              <dd>{d.value}</dd>
            </div>
          ))}
        </dl>

        {health.warnings?.map((warning) => (
          <p key={warning} className="service__warning" data-testid="service-warning">
            {warning}
          </p>
        ))}

        {health.error && (
          <div className="service__error" data-testid="service-error">
            <span className="service__error-title">Error</span>
            <code>{health.error}</code>
          </div>
        )}

        {dashboardUrl && (
          <a className="service__link" href={dashboardUrl} target="_blank" rel="noreferrer">
            Open the Flink Dashboard<span aria-hidden="true"> ↗</span>
          </a>
        )}
      </article>
    </li>
  );
});
