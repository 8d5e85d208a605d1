/**
 * A small client-side router on the History API: `navigate`, `useLocation`, and navigation
 * blockers for unsaved work. No dependency: the app has a handful of routes (see `routes.ts`).
 */
import { useEffect, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const NAVIGATE_EVENT = 'sluice:navigate';

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

/** The current path and query; re-renders on every navigation. */
export function useLocation(): { pathname: string; search: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const q = href.indexOf('?');
  return q === -1 ? { pathname: href, search: '' } : { pathname: href.slice(0, q), search: href.slice(q) };
}

/** Blockers return a question to confirm before leaving, or undefined to let navigation through. */
const blockers = new Set<() => string | undefined>();

function allowedToLeave(): boolean {
  for (const blocker of blockers) {
    const question = blocker();
    if (question !== undefined && !window.confirm(question)) return false;
  }
  return true;
}

/** Goes to `to` (same origin), unless a blocker's question is declined. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (!options.replace && !allowedToLeave()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  if (!options.replace) window.scrollTo(0, 0);
}

let lastLocation = typeof window === 'undefined' ? '' : snapshot();
if (typeof window !== 'undefined') {
  // Back/forward cannot be cancelled; when a blocker's question is declined, the previous
  // location is pushed back so that the address bar matches what is shown.
  window.addEventListener(
    'popstate',
    (event) => {
      const next = snapshot();
      if (blockers.size > 0 && !allowedToLeave()) {
        event.stopImmediatePropagation();
        window.history.pushState(null, '', lastLocation);
        return;
      }
      lastLocation = next;
    },
    { capture: true },
  );
  window.addEventListener(NAVIGATE_EVENT, () => {
    lastLocation = snapshot();
  });
}

/**
 * While `question` is set, in-app navigation asks it first and closing or reloading the tab
 * shows the browser's own warning.
 */
export function useNavigationBlocker(question: string | undefined): void {
  useEffect(() => {
    if (question === undefined) return;
    const blocker = () => question;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    blockers.add(blocker);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      blockers.delete(blocker);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [question]);
}
