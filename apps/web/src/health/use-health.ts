import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchHealth, type HealthReport } from '../api/health.js';

export const POLL_INTERVAL_MS = 5000;

export interface HealthState {
  /** The latest report received, kept while the API is unreachable so the page can show it as stale. */
  report?: HealthReport;
  /** Why the latest poll failed; cleared by the next successful one. */
  error?: string;
  /** When the latest poll finished, successful or not. */
  updatedAt?: Date;
  /** A request is in flight. */
  checking: boolean;
}

/**
 * Polls `/api/health` every `intervalMs`, one request at a time (the next poll is scheduled when
 * the previous one finishes, so a slow API never piles requests up). Polls at once when the tab
 * becomes visible again, and pauses while it is hidden.
 */
export function useHealth(intervalMs = POLL_INTERVAL_MS): HealthState & { refresh: () => void } {
  const [state, setState] = useState<HealthState>({ checking: true });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<AbortController | undefined>(undefined);

  const poll = useCallback(async () => {
    clearTimeout(timer.current);
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setState((s) => ({ ...s, checking: true }));
    try {
      const result = await fetchHealth(controller.signal);
      // A newer poll or unmount took over while the body was being read.
      if (controller.signal.aborted) return;
      setState((s) =>
        result.ok
          ? { report: result.report, updatedAt: new Date(), checking: false }
          : { report: s.report, error: result.error, updatedAt: new Date(), checking: false },
      );
    } catch {
      return; // aborted: a newer poll or unmount took over
    }
    if (document.visibilityState !== 'hidden') {
      timer.current = setTimeout(() => void poll(), intervalMs);
    }
  }, [intervalMs]);

  useEffect(() => {
    void poll();
    const onVisibility = () => {
      if (document.visibilityState === 'visible') void poll();
      else clearTimeout(timer.current);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      clearTimeout(timer.current);
      inFlight.current?.abort();
    };
  }, [poll]);

  return { ...state, refresh: () => void poll() };
}
