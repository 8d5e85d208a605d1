import { useCallback, useEffect, useRef, useState } from 'react';
import { runsApi } from '../api/endpoints.js';
import type { LogLine } from '../api/types.js';
import { type StreamState, useEventSource } from '../lib/use-event-source.js';

/** Lines kept in memory; a longer log keeps its newest lines (the full log stays in the API). */
export const MAX_LINES = 20_000;
/** Lines arriving together are rendered together: one render per 100 ms, not one per line. */
const FLUSH_MS = 100;

function isLogLine(value: unknown): value is LogLine {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.seq === 'number' && typeof v.message === 'string';
}

/**
 * The live log of a run over server-sent events: stored lines are replayed, new ones follow, the
 * stream closes on `end`. Lines are de-duplicated by sequence number (a reconnect resumes after the
 * last one, but a line is never shown twice either way).
 */
export function useRunLog(
  runId: number,
  onEnd?: (status: string | null) => void,
): { lines: LogLine[]; dropped: number; state: StreamState } {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [dropped, setDropped] = useState(0);
  const buffer = useRef<LogLine[]>([]);
  const lastSeq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;

  const flush = useCallback(() => {
    timer.current = undefined;
    const pending = buffer.current;
    if (pending.length === 0) return;
    buffer.current = [];
    setLines((current) => {
      const next = current.concat(pending);
      if (next.length <= MAX_LINES) return next;
      setDropped((d) => d + next.length - MAX_LINES);
      return next.slice(next.length - MAX_LINES);
    });
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: another run starts an empty log
  useEffect(() => {
    setLines([]);
    setDropped(0);
    buffer.current = [];
    lastSeq.current = 0;
    return () => clearTimeout(timer.current);
  }, [runId]);

  const state = useEventSource(runsApi.logStreamUrl(runId), {
    line: (data) => {
      if (!isLogLine(data) || data.seq <= lastSeq.current) return;
      lastSeq.current = data.seq;
      buffer.current.push(data);
      timer.current ??= setTimeout(flush, FLUSH_MS);
    },
    end: (data) => {
      clearTimeout(timer.current);
      flush();
      const status = (data as { status?: unknown } | null)?.status;
      onEndRef.current?.(typeof status === 'string' ? status : null);
    },
  });

  return { lines, dropped, state };
}
