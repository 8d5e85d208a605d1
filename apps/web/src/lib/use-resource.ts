import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data?: T;
  /** Why the latest load failed; cleared by the next successful one. */
  error?: Error;
  /** True until the first load for the current key finished. */
  loading: boolean;
  /** Loads again now (and restarts polling). */
  reload: () => void;
  /** Replaces the data, e.g. with the answer of a mutation, without a round trip. */
  set: (data: T) => void;
}

export interface ResourceOptions<T> {
  /** Poll interval in ms, or a function of the latest data (undefined: stop polling). */
  pollMs?: number | ((data: T | undefined) => number | undefined);
}

/**
 * Loads `load()` for `key` (null: nothing to load), optionally polling. One request at a time: the
 * next poll is scheduled when the previous one finished, so a slow API never piles requests up;
 * polling pauses while the tab is hidden and catches up when it is visible again. Data is kept
 * across reloads of the same key and dropped when the key changes.
 */
export function useResource<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  options: ResourceOptions<T> = {},
): Resource<T> {
  const [state, setState] = useState<{ key: string | null; data?: T; error?: Error; loading: boolean }>({
    key,
    loading: key !== null,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const pollRef = useRef(options.pollMs);
  pollRef.current = options.pollMs;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<AbortController | undefined>(undefined);
  const dataRef = useRef<T | undefined>(undefined);

  const run = useCallback(async () => {
    if (key === null) return;
    clearTimeout(timer.current);
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    try {
      const data = await loadRef.current(controller.signal);
      if (controller.signal.aborted) return;
      dataRef.current = data;
      setState({ key, data, loading: false });
    } catch (error) {
      if (controller.signal.aborted) return;
      setState((s) => ({
        key,
        data: s.key === key ? s.data : undefined,
        error: error as Error,
        loading: false,
      }));
    }
    const poll = pollRef.current;
    const every = typeof poll === 'function' ? poll(dataRef.current) : poll;
    if (every !== undefined && document.visibilityState !== 'hidden') {
      timer.current = setTimeout(() => void run(), every);
    }
  }, [key]);

  useEffect(() => {
    dataRef.current = undefined;
    setState({ key, loading: key !== null });
    void run();
    const onVisibility = () => {
      if (document.visibilityState === 'visible' && pollRef.current !== undefined) void run();
      else clearTimeout(timer.current);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      clearTimeout(timer.current);
      inFlight.current?.abort();
    };
  }, [key, run]);

  const set = useCallback(
    (data: T) => {
      dataRef.current = data;
      setState({ key, data, loading: false });
    },
    [key],
  );
  const reload = useCallback(() => void run(), [run]);

  const current = state.key === key ? state : { key, loading: key !== null };
  return { data: current.data, error: current.error, loading: current.loading, reload, set };
}
