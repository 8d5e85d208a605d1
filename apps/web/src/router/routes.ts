/**
 * The route table: which page a URL shows, and the URL of each page. Pure, so that it is tested
 * without a browser; `history.ts` connects it to the address bar.
 */

export type JobTab = 'pipeline' | 'runs' | 'realtime' | 'versions';
const JOB_TABS: readonly JobTab[] = ['pipeline', 'runs', 'realtime', 'versions'];

export type Route =
  | { page: 'jobs' }
  | { page: 'job-new'; example?: string; draft?: string }
  | { page: 'job'; name: string; tab: JobTab }
  | { page: 'runs'; job?: string; status?: string }
  | { page: 'run'; id: number }
  | { page: 'environments' }
  | { page: 'environment'; name: string }
  | { page: 'health' }
  | { page: 'not-found'; path: string };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The page for a location.
 *
 * @example
 * matchRoute('/jobs/orders', '?tab=runs'); // { page: 'job', name: 'orders', tab: 'runs' }
 */
export function matchRoute(pathname: string, search = ''): Route {
  const params = new URLSearchParams(search);
  const parts = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  const [first, second, ...rest] = parts;
  if (first === undefined || (first === 'jobs' && second === undefined)) return { page: 'jobs' };
  if (rest.length > 0) return { page: 'not-found', path: pathname };
  if (first === 'jobs' && second === 'new') {
    const route: Route = { page: 'job-new' };
    const example = params.get('example');
    const draft = params.get('draft');
    if (example) route.example = example;
    if (draft) route.draft = draft;
    return route;
  }
  if (first === 'jobs' && second !== undefined) {
    const name = decode(second);
    if (name === undefined) return { page: 'not-found', path: pathname };
    const tab = params.get('tab');
    return { page: 'job', name, tab: JOB_TABS.includes(tab as JobTab) ? (tab as JobTab) : 'pipeline' };
  }
  if (first === 'runs' && second === undefined) {
    const route: Route = { page: 'runs' };
    const job = params.get('job');
    const status = params.get('status');
    if (job) route.job = job;
    if (status) route.status = status;
    return route;
  }
  if (first === 'runs' && second !== undefined && /^\d+$/.test(second))
    return { page: 'run', id: Number(second) };
  if (first === 'environments' && second === undefined) return { page: 'environments' };
  if (first === 'environments' && second !== undefined) {
    const name = decode(second);
    return name === undefined ? { page: 'not-found', path: pathname } : { page: 'environment', name };
  }
  if (first === 'health' && second === undefined) return { page: 'health' };
  return { page: 'not-found', path: pathname };
}

const enc = encodeURIComponent;

/** URLs of the pages; the only place they are spelled. */
export const paths = {
  jobs: () => '/jobs',
  newJob: (opts: { example?: string; draft?: string } = {}) => {
    const q = new URLSearchParams();
    if (opts.example) q.set('example', opts.example);
    if (opts.draft) q.set('draft', opts.draft);
    const s = q.toString();
    return s ? `/jobs/new?${s}` : '/jobs/new';
  },
  job: (name: string, tab: JobTab = 'pipeline') =>
    `/jobs/${enc(name)}${tab === 'pipeline' ? '' : `?tab=${tab}`}`,
  runs: (filter: { job?: string; status?: string } = {}) => {
    const q = new URLSearchParams();
    if (filter.job) q.set('job', filter.job);
    if (filter.status) q.set('status', filter.status);
    const s = q.toString();
    return s ? `/runs?${s}` : '/runs';
  },
  run: (id: number) => `/runs/${id}`,
  environments: () => '/environments',
  environment: (name: string) => `/environments/${enc(name)}`,
  health: () => '/health',
};

/** The header section a route belongs to (for `aria-current`). */
export function sectionOf(route: Route): 'jobs' | 'runs' | 'environments' | 'health' | undefined {
  switch (route.page) {
    case 'jobs':
    case 'job':
    case 'job-new':
      return 'jobs';
    case 'runs':
    case 'run':
      return 'runs';
    case 'environments':
    case 'environment':
      return 'environments';
    case 'health':
      return 'health';
    default:
      return undefined;
  }
}
