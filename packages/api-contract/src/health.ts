/** The `GET /api/health` answer (OpenAPI schema `HealthReportDto`). */
export const SERVICE_NAMES = ['redis', 'mysql', 'kafka', 'flink'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The state of one dependency as seen by one check. */
export interface ServiceHealth {
  /** `up` when the check succeeded within its timeout. */
  status: 'up' | 'down';
  /** Where the service is expected; never contains credentials. */
  address: string;
  latencyMs: number;
  version?: string;
  /** Service-specific facts (e.g. brokers, task managers, slots). */
  detail?: Record<string, string | number | boolean>;
  /** The service answers but is set up in a way Sluice cannot rely on. */
  warnings?: string[];
  /** Why the check failed. */
  error?: string;
}

export interface HealthReport {
  /** `ok` when every service is up. */
  status: 'ok' | 'degraded';
  checkedAt: string;
  services: Record<ServiceName, ServiceHealth>;
}
