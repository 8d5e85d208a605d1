import { useEffect, useRef, useState } from 'react';
import { environmentsApi } from '../api/endpoints.js';
import type { BuildLogLine } from '../api/types.js';
import { type StreamState, useEventSource } from '../lib/use-event-source.js';

export interface BuildProgress {
  percent: number;
  step: string | null;
}

const MAX_LINES = 5_000;

/**
 * The live log of an environment's current build (`line`, `progress` and `end` events). Keyed by
 * the build number: a new build opens a new stream.
 */
export function useBuildLog(
  name: string,
  buildNumber: number,
  onEnd: (status: string | null) => void,
): { lines: BuildLogLine[]; progress?: BuildProgress; state: StreamState } {
  const [lines, setLines] = useState<BuildLogLine[]>([]);
  const [progress, setProgress] = useState<BuildProgress>();
  const lastSeq = useRef(0);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new build starts an empty log
  useEffect(() => {
    setLines([]);
    setProgress(undefined);
    lastSeq.current = 0;
  }, [buildNumber]);

  // The stream follows the build that is current when it opens, so a new build reopens it.
  const url = buildNumber > 0 ? environmentsApi.buildLogStreamUrl(name) : null;
  const state = useEventSource(
    url,
    {
      line: (data) => {
        const line = data as BuildLogLine;
        if (typeof line?.seq !== 'number' || line.seq <= lastSeq.current) return;
        lastSeq.current = line.seq;
        setLines((current) => {
          const next = [...current, line];
          return next.length > MAX_LINES ? next.slice(next.length - MAX_LINES) : next;
        });
      },
      progress: (data) => {
        const p = data as { percent?: unknown; step?: unknown };
        if (typeof p?.percent === 'number') {
          setProgress({ percent: p.percent, step: typeof p.step === 'string' ? p.step : null });
        }
      },
      end: (data) => {
        const status = (data as { status?: unknown } | null)?.status;
        onEndRef.current(typeof status === 'string' ? status : null);
      },
    },
    buildNumber,
  );
  return { lines, progress, state };
}
