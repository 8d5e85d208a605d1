import { HealthPage } from './health/HealthPage.js';

/** The app shell: a header and the current page. Pages arrive with their features; health is the first. */
export function App() {
  return (
    <div className="shell">
      <header className="topbar" data-testid="app-header">
        <a className="brand" href="/" aria-label="Sluice home">
          <svg className="brand__mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M3 6h18M3 12h12M3 18h6" />
          </svg>
          <span className="brand__name">Sluice</span>
        </a>
        <span className="topbar__tagline">Pipelines, schedules, Flink jobs and log patterns</span>
      </header>
      <main className="content">
        <HealthPage />
      </main>
    </div>
  );
}
