import type { ServiceName } from '../api/health.js';

export const SERVICE_INFO: Record<ServiceName, { label: string; role: string }> = {
  redis: { label: 'Redis', role: 'Queues and schedules for batch jobs (BullMQ)' },
  mysql: { label: 'MySQL / MariaDB', role: 'Jobs, runs and the pattern knowledge base' },
  kafka: { label: 'Kafka', role: 'Log and event streams' },
  flink: { label: 'Flink', role: 'Session cluster for real-time jobs' },
};

const DETAIL_LABELS: Record<string, string> = {
  maxmemoryPolicy: 'maxmemory-policy',
  aofEnabled: 'Append-only file',
  usedMemory: 'Memory used',
  database: 'Database',
  brokers: 'Brokers',
  controller: 'Controller',
  clusterId: 'Cluster ID',
  taskmanagers: 'TaskManagers',
  slotsTotal: 'Task slots',
  slotsAvailable: 'Free slots',
  jobsRunning: 'Running jobs',
};

/** Details rendered elsewhere (as a link) rather than in the facts list. */
const HIDDEN_DETAILS = new Set(['dashboardUrl']);

/** `slotsTotal` -> `Task slots`; unknown keys are split from camelCase so new facts still read well. */
export function detailLabel(key: string): string {
  return (
    DETAIL_LABELS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase())
  );
}

export function detailValue(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}

export function visibleDetails(detail: Record<string, string | number | boolean> | undefined) {
  return Object.entries(detail ?? {})
    .filter(([key]) => !HIDDEN_DETAILS.has(key))
    .map(([key, value]) => ({ key, label: detailLabel(key), value: detailValue(value) }));
}

export function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

// One implementation for every page that renders a link the API sent.
export { safeHttpUrl } from '../lib/format.js';
