import { useEffect, useRef, useState } from 'react';

export type StreamState = 'idle' | 'connecting' | 'open' | 'ended' | 'error';

/**
 * Subscribes to a server-sent event stream while `url` is set. `handlers` maps event names to
 * callbacks with the parsed JSON data. The stream is closed for good on an `end` event (the API
 * sends it when a run or build finished), because EventSource would otherwise reconnect and replay.
 * A dropped connection is retried by the browser and resumes after the last event id.
 */
export function useEventSource(
  url: string | null,
  handlers: Record<string, (data: unknown) => void>,
  /** A change reopens the stream even when the URL stays (e.g. a new build of the same environment). */
  key?: string | number,
): StreamState {
  const [state, setState] = useState<StreamState>(url === null ? 'idle' : 'connecting');
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` reopens the stream on purpose
  useEffect(() => {
    if (url === null) {
      setState('idle');
      return;
    }
    setState('connecting');
    const source = new EventSource(url);
    const listen = (name: string) => (event: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return; // not ours: every event of the API carries JSON
      }
      handlersRef.current[name]?.(data);
      if (name === 'end') {
        source.close();
        setState('ended');
      }
    };
    const names = new Set([...Object.keys(handlersRef.current), 'end']);
    const listeners = [...names].map((name) => [name, listen(name)] as const);
    for (const [name, listener] of listeners) source.addEventListener(name, listener as EventListener);
    source.onopen = () => setState('open');
    source.onerror = () => {
      // CLOSED: the server refused the stream (e.g. 404); CONNECTING: the browser retries by itself.
      setState(source.readyState === EventSource.CLOSED ? 'error' : 'connecting');
    };
    return () => {
      for (const [name, listener] of listeners) source.removeEventListener(name, listener as EventListener);
      source.close();
    };
  }, [url, key]);

  return state;
}
