import { lazy, Suspense, useEffect } from 'react';
import { EnvironmentPage } from './environments/EnvironmentPage.js';
import { EnvironmentsPage } from './environments/EnvironmentsPage.js';
import { HealthPage } from './health/HealthPage.js';
import { JobsPage } from './jobs/JobsPage.js';
import { navigate, useLocation } from './router/history.js';
import { Link } from './router/Link.js';
import { matchRoute, paths, type Route, sectionOf } from './router/routes.js';
import { RunsPage } from './runs/RunsPage.js';
import { EmptyState } from './ui/EmptyState.js';

// The canvas pages carry React Flow: loaded when first shown, so that the lists start fast.
const JobPage = lazy(() => import('./jobs/JobPage.js').then((m) => ({ default: m.JobPage })));
const RunPage = lazy(() => import('./runs/RunPage.js').then((m) => ({ default: m.RunPage })));

const SECTIONS = [
  { id: 'jobs', label: 'Jobs', href: paths.jobs() },
  { id: 'runs', label: 'Runs', href: paths.runs() },
  { id: 'environments', label: 'Environments', href: paths.environments() },
  { id: 'health', label: 'Stack health', href: paths.health() },
] as const;

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'jobs':
      return <JobsPage />;
    case 'job-new':
      // Keyed: choosing another example or draft starts a fresh editor.
      return <JobPage key={`new:${route.example ?? ''}:${route.draft ?? ''}`} route={route} />;
    case 'job':
      return <JobPage key={`job:${route.name}`} route={route} />;
    case 'runs':
      return <RunsPage route={route} />;
    case 'run':
      return <RunPage key={route.id} id={route.id} />;
    case 'environments':
      return <EnvironmentsPage />;
    case 'environment':
      return <EnvironmentPage key={route.name} name={route.name} />;
    case 'health':
      return <HealthPage />;
    case 'not-found':
      return (
        <section className="page">
          <EmptyState
            title="Page not found"
            testId="not-found"
            actions={<Link to={paths.jobs()}>Go to jobs</Link>}
          >
            Nothing lives at <code>{route.path}</code>.
          </EmptyState>
        </section>
      );
  }
}

/** The app shell: a header linking every section, and the page of the current URL. */
export function App() {
  const { pathname, search } = useLocation();
  const route = matchRoute(pathname, search);
  const section = sectionOf(route);
  useEffect(() => {
    // `/` is the jobs list; the address bar says so.
    if (pathname === '/') navigate(paths.jobs(), { replace: true });
  }, [pathname]);
  const wide = route.page === 'job' || route.page === 'job-new';

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar" data-testid="app-header">
        <Link className="brand" to={paths.jobs()} aria-label="Sluice home">
          <svg className="brand__mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M3 6h18M3 12h12M3 18h6" />
          </svg>
          <span className="brand__name">Sluice</span>
        </Link>
        <nav className="nav" aria-label="Main">
          {SECTIONS.map((s) => (
            <Link
              key={s.id}
              to={s.href}
              className={`nav__link${section === s.id ? ' nav__link--current' : ''}`}
              aria-current={section === s.id ? 'page' : undefined}
              data-testid={`nav-${s.id}`}
            >
              {s.label}
            </Link>
          ))}
        </nav>
        <span className="topbar__tagline">Pipelines, schedules, Flink jobs and log patterns</span>
      </header>
      <main id="main" className={`content${wide ? ' content--wide' : ''}`}>
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <Page route={route} />
        </Suspense>
      </main>
    </div>
  );
}
