import { Link } from '../router/Link.js';

export interface TabLink {
  id: string;
  label: string;
  href: string;
  badge?: string;
}

/** Page sections as links (each has its own URL), the current one marked with `aria-current`. */
export function Tabs({ tabs, current, label }: { tabs: TabLink[]; current: string; label: string }) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((tab) => (
        <Link
          key={tab.id}
          to={tab.href}
          replace
          className={`tabs__tab${tab.id === current ? ' tabs__tab--current' : ''}`}
          aria-current={tab.id === current ? 'page' : undefined}
          data-testid={`tab-${tab.id}`}
        >
          {tab.label}
          {tab.badge && <span className="tabs__badge">{tab.badge}</span>}
        </Link>
      ))}
    </nav>
  );
}
