/**
 * Every API call the web app makes, one function each, typed with `./types.ts`. Pages call these;
 * none of them builds a URL by hand.
 */
import type { Job } from '@sluice/dag';
import { api, query } from './http.js';
import type {
  CronPreview,
  DeploymentEvent,
  DeploymentSummary,
  Environment,
  JobList,
  JobVersion,
  JobVersionSummary,
  JobView,
  LogPage,
  RealtimeStatus,
  Run,
  RunStatus,
  Savepoint,
  ScriptPreview,
  SecretStatus,
  StopResult,
  VersionDiff,
} from './types.js';

const enc = encodeURIComponent;
type Signal = { signal?: AbortSignal };

export const jobsApi = {
  list: (params: { search?: string; kind?: Job['kind']; limit?: number; offset?: number }, o: Signal = {}) =>
    api<JobList>('GET', `/jobs${query(params)}`, undefined, o),
  get: (name: string, o: Signal = {}) => api<JobView>('GET', `/jobs/${enc(name)}`, undefined, o),
  create: (job: Job) => api<JobView>('POST', '/jobs', job),
  update: (name: string, job: Job) => api<JobView>('PUT', `/jobs/${enc(name)}`, job),
  remove: (name: string) => api<void>('DELETE', `/jobs/${enc(name)}`),
  setEnabled: (name: string, enabled: boolean) =>
    api<JobView>('POST', `/jobs/${enc(name)}/${enabled ? 'enable' : 'disable'}`),
  versions: (name: string, o: Signal = {}) =>
    api<JobVersionSummary[]>('GET', `/jobs/${enc(name)}/versions`, undefined, o),
  version: (name: string, version: number, o: Signal = {}) =>
    api<JobVersion>('GET', `/jobs/${enc(name)}/versions/${version}`, undefined, o),
  diff: (name: string, from: number, to: number, o: Signal = {}) =>
    api<VersionDiff>('GET', `/jobs/${enc(name)}/versions/${from}/diff/${to}`, undefined, o),
  secrets: (name: string, o: Signal = {}) =>
    api<Record<string, SecretStatus>>('GET', `/jobs/${enc(name)}/secrets`, undefined, o),
  putSecrets: (name: string, values: Record<string, string | null>) =>
    api<Record<string, SecretStatus>>('PUT', `/jobs/${enc(name)}/secrets`, { values }),
  runNow: (name: string, parameters: Record<string, unknown>, version?: number) =>
    api<Run>(
      'POST',
      `/jobs/${enc(name)}/runs`,
      version === undefined ? { parameters } : { parameters, version },
    ),
  runs: (name: string, params: { status?: RunStatus; before?: number; limit?: number }, o: Signal = {}) =>
    api<Run[]>('GET', `/jobs/${enc(name)}/runs${query(params)}`, undefined, o),
};

export const cronApi = {
  preview: (cron: string, timezone: string, count = 5, o: Signal = {}) =>
    api<CronPreview>('GET', `/cron/preview${query({ cron, timezone, count })}`, undefined, o),
};

export const runsApi = {
  list: (params: { job?: string; status?: RunStatus; before?: number; limit?: number }, o: Signal = {}) =>
    api<Run[]>('GET', `/runs${query(params)}`, undefined, o),
  get: (id: number, o: Signal = {}) => api<Run>('GET', `/runs/${id}`, undefined, o),
  cancel: (id: number) => api<Run>('POST', `/runs/${id}/cancel`),
  logs: (id: number, params: { after?: number; limit?: number }, o: Signal = {}) =>
    api<LogPage>('GET', `/runs/${id}/logs${query(params)}`, undefined, o),
  logStreamUrl: (id: number) => `/api/v1/runs/${id}/logs/stream`,
};

export interface EnvironmentInput {
  name: string;
  description?: string;
  requirements?: string;
  flinkVersion?: string | null;
  jars?: string[];
  build?: boolean;
}

export const environmentsApi = {
  list: (o: Signal = {}) => api<Environment[]>('GET', '/environments', undefined, o),
  get: (name: string, o: Signal = {}) => api<Environment>('GET', `/environments/${enc(name)}`, undefined, o),
  create: (input: EnvironmentInput) => api<Environment>('POST', '/environments', input),
  update: (name: string, input: Omit<EnvironmentInput, 'name'>) =>
    api<Environment>('PATCH', `/environments/${enc(name)}`, input),
  remove: (name: string) => api<void>('DELETE', `/environments/${enc(name)}`),
  build: (name: string) => api<Environment>('POST', `/environments/${enc(name)}/build`),
  buildLogStreamUrl: (name: string) => `/api/v1/environments/${enc(name)}/build-log/stream`,
};

export interface StartRequest {
  parameters?: Record<string, unknown>;
  version?: number;
  restore?: string;
  allowNonRestoredState?: boolean;
}

export const realtimeApi = {
  /** The newest deployment of every real-time job (database only: cheap to poll). */
  deployments: (o: Signal = {}) => api<DeploymentSummary[]>('GET', '/realtime/deployments', undefined, o),
  status: (name: string, o: Signal = {}) =>
    api<RealtimeStatus>('GET', `/jobs/${enc(name)}/realtime`, undefined, o),
  script: (name: string, o: Signal = {}) =>
    api<ScriptPreview>('GET', `/jobs/${enc(name)}/realtime/script`, undefined, o),
  start: (name: string, body: StartRequest) =>
    api<RealtimeStatus>('POST', `/jobs/${enc(name)}/realtime/start`, body),
  stop: (name: string) => api<StopResult>('POST', `/jobs/${enc(name)}/realtime/stop`),
  cancel: (name: string) => api<RealtimeStatus>('POST', `/jobs/${enc(name)}/realtime/cancel`),
  restart: (name: string, body: Omit<StartRequest, 'parameters'>) =>
    api<RealtimeStatus>('POST', `/jobs/${enc(name)}/realtime/restart`, body),
  savepoints: (name: string, o: Signal = {}) =>
    api<Savepoint[]>('GET', `/jobs/${enc(name)}/realtime/savepoints`, undefined, o),
  history: (name: string, o: Signal = {}) =>
    api<DeploymentEvent[]>('GET', `/jobs/${enc(name)}/realtime/history`, undefined, o),
};
