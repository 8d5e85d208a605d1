import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { LOG_STREAMS, type LogLine, type LogStream } from '../api/types.js';
import { downloadFile } from '../lib/download.js';
import type { StreamState } from '../lib/use-event-source.js';
import { TracebackView } from '../ui/TracebackView.js';

/** Lines rendered at once; the rest of a long log is a click away (rendering 20,000 rows helps nobody). */
const RENDERED = 2_000;

const STREAM_LABEL: Record<LogStream, string> = {
  runner: 'runner',
  stdout: 'stdout',
  stderr: 'stderr',
  log: 'ctx.log',
  print: 'print sink',
};

const STATE_LABEL: Record<StreamState, string> = {
  idle: '',
  connecting: 'connecting…',
  open: 'live',
  ended: 'complete',
  error: 'stream unavailable',
};

function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : `${d.toLocaleTimeString('en-GB', { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

const LogRow = memo(function LogRow({ line }: { line: LogLine }) {
  return (
    <li
      className={`log__line log__line--${line.level} log__line--${line.stream}`}
      data-testid="log-line"
      data-stream={line.stream}
      data-seq={line.seq}
    >
      <time className="log__time" dateTime={line.at}>
        {clock(line.at)}
      </time>
      <span className="log__stream">{STREAM_LABEL[line.stream] ?? line.stream}</span>
      <span className="log__node">{line.node ?? ''}</span>
      <span className="log__message">
        {line.level === 'error' || line.level === 'warn' ? (
          <span className="visually-hidden">{line.level}: </span>
        ) : null}
        {line.message}
        {line.traceback && <TracebackView text={line.traceback} />}
      </span>
    </li>
  );
});

/**
 * A run's log: filter by stream and node, follow new lines (scrolling up pauses following,
 * scrolling back to the bottom resumes it), Python tracebacks laid out readably.
 */
export function LogView({
  lines,
  state,
  dropped,
  fileName,
}: {
  lines: readonly LogLine[];
  state: StreamState;
  dropped: number;
  fileName: string;
}) {
  const [streams, setStreams] = useState<ReadonlySet<LogStream>>(new Set(LOG_STREAMS));
  const [node, setNode] = useState('');
  const [text, setText] = useState('');
  const [follow, setFollow] = useState(true);
  const [showAll, setShowAll] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  const counts = useMemo(() => {
    const c = new Map<LogStream, number>();
    for (const l of lines) c.set(l.stream, (c.get(l.stream) ?? 0) + 1);
    return c;
  }, [lines]);
  const nodes = useMemo(
    () => [...new Set(lines.map((l) => l.node).filter((n): n is string => n !== null))],
    [lines],
  );
  const filtered = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return lines.filter(
      (l) =>
        streams.has(l.stream) &&
        (node === '' || l.node === node) &&
        (needle === '' ||
          l.message.toLowerCase().includes(needle) ||
          (l.traceback?.toLowerCase().includes(needle) ?? false)),
    );
  }, [lines, streams, node, text]);
  const hidden = showAll ? 0 : Math.max(0, filtered.length - RENDERED);
  const shown = hidden > 0 ? filtered.slice(hidden) : filtered;

  useLayoutEffect(() => {
    const el = box.current;
    if (follow && el) el.scrollTop = el.scrollHeight;
  });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onScroll = () => {
      const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      setFollow(atBottom);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  const toggleStream = (s: LogStream) =>
    setStreams((current) => {
      const next = new Set(current);
      if (next.has(s)) next.delete(s);
      else next.add(s);
      return next;
    });

  const download = () => {
    const body = lines
      .map(
        (l) =>
          `${l.at} ${l.level.toUpperCase()} [${l.stream}]${l.node ? ` ${l.node}` : ''} ${l.message}${l.traceback ? `\n${l.traceback}` : ''}`,
      )
      .join('\n');
    downloadFile(fileName, `${body}\n`, 'text/plain');
  };

  return (
    <section className="logview" aria-labelledby="log-title" data-testid="log-view" data-state={state}>
      <header className="logview__toolbar">
        <h2 id="log-title" className="logview__title">
          Log
        </h2>
        <span className={`logview__state logview__state--${state}`} data-testid="log-state">
          {STATE_LABEL[state]}
        </span>
        <fieldset className="chips">
          <legend className="visually-hidden">Streams</legend>
          {LOG_STREAMS.map((s) => (
            <label key={s} className={`chip${streams.has(s) ? ' chip--on' : ''}`}>
              <input
                type="checkbox"
                checked={streams.has(s)}
                onChange={() => toggleStream(s)}
                data-testid={`log-stream-${s}`}
              />
              {STREAM_LABEL[s]} <span className="chip__count">{counts.get(s) ?? 0}</span>
            </label>
          ))}
        </fieldset>
        <label className="inline-field">
          <span className="visually-hidden">Node</span>
          <select className="input input--compact" value={node} onChange={(e) => setNode(e.target.value)}>
            <option value="">all nodes</option>
            {nodes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span className="visually-hidden">Find in log</span>
          <input
            className="input input--compact"
            type="search"
            placeholder="find…"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <label className="checkbox-label">
          <input
            type="checkbox"
            checked={follow}
            onChange={(e) => setFollow(e.target.checked)}
            data-testid="log-follow"
          />
          Follow
        </label>
        <button
          type="button"
          className="button button--small"
          onClick={download}
          disabled={lines.length === 0}
        >
          Download
        </button>
      </header>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled */}
      <div className="logview__box" ref={box} tabIndex={0} role="log" aria-label="Run log lines">
        {dropped > 0 && <p className="log__note">{dropped} older lines are not kept in this page.</p>}
        {hidden > 0 && (
          <p className="log__note">
            {hidden} earlier matching lines hidden.{' '}
            <button type="button" className="link-button" onClick={() => setShowAll(true)}>
              Show all
            </button>
          </p>
        )}
        {lines.length === 0 ? (
          <p className="log__note">
            {state === 'ended' ? 'This run wrote no log.' : 'Waiting for log lines…'}
          </p>
        ) : filtered.length === 0 ? (
          <p className="log__note">No line matches the filters.</p>
        ) : (
          <ol className="log">
            {shown.map((l) => (
              <LogRow key={l.seq} line={l} />
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
