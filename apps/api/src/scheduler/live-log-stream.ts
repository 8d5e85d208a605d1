import type { MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { LiveChannels } from './live-channels.js';

export interface LiveLine {
  seq: number;
}

export interface LiveLogSource<L extends LiveLine> {
  channels: LiveChannels;
  channel: string;
  /** Stream lines with seq greater than this (0: from the start; SSE Last-Event-ID on reconnect). */
  after: number;
  /** Stored lines after `seq`, in order, at most `limit`. */
  loadAfter: (seq: number, limit: number) => Promise<L[]>;
  /** Extracts lines from a channel message, or undefined when the message is not about lines. */
  linesOf: (message: unknown) => L[] | undefined;
  /** Whether a channel message says the producer finished. */
  isEnd: (message: unknown) => boolean;
  /** Reads the producer's state: finished (with a final status) or not. Polled as a fallback. */
  finished: () => Promise<{ done: boolean; status?: string }>;
  /** How a line is sent: its JSON becomes the event data. */
  toData: (line: L) => unknown;
  /** Other channel messages to relay as they come (e.g. build progress), as `{type, data}`. */
  extraEvent?: (message: unknown) => { type: string; data: unknown } | undefined;
  pollMs?: number;
}

const PAGE = 1_000;

/** The seq to resume after from an SSE `Last-Event-ID` header (0 when absent or not a number). */
export function resumeAfter(lastEventId: string | undefined): number {
  const n = Number(lastEventId);
  return Number.isSafeInteger(n) ? Math.max(0, n) : 0;
}

/**
 * Server-sent events for a log that is stored (database) and announced live (Redis pub/sub):
 * subscribes first, then replays what is stored, then relays live lines, so that nothing falls in
 * the gap between the two; a gap in sequence numbers (a lost pub/sub message) is filled from the
 * database. Ends with an `end` event once the producer is done. Works whichever process produces
 * the log.
 *
 * Events: `line` (id = seq, so a reconnecting EventSource resumes after the last line it got) and
 * `end` ({status}); a `: ping` comment every poll keeps proxies from closing an idle stream.
 */
export function liveLogStream<L extends LiveLine>(source: LiveLogSource<L>): Observable<MessageEvent> {
  return new Observable<MessageEvent>((subscriber) => {
    let last = source.after;
    let ready = false;
    let ended = false;
    let busy: Promise<void> = Promise.resolve();
    const pending: unknown[] = [];
    let unsubscribe: (() => void) | undefined;
    let poll: NodeJS.Timeout | undefined;

    const emit = (lines: L[]) => {
      for (const line of lines) {
        if (line.seq <= last) continue;
        last = line.seq;
        subscriber.next({ id: String(line.seq), type: 'line', data: source.toData(line) } as MessageEvent);
      }
    };
    const catchUp = async () => {
      for (;;) {
        const page = await source.loadAfter(last, PAGE);
        emit(page);
        if (page.length < PAGE) return;
      }
    };
    const finish = async (status: string | undefined) => {
      if (ended) return;
      ended = true;
      await catchUp();
      // An explicit id: Nest numbers events without one, which would move the client's Last-Event-ID.
      subscriber.next({ type: 'end', id: String(last), data: { status: status ?? null } } as MessageEvent);
      subscriber.complete();
    };
    // Everything runs one step at a time, in order, so lines are never emitted twice or out of order.
    const serial = (step: () => Promise<void>) => {
      busy = busy.then(step).catch((error: unknown) => {
        if (!ended) subscriber.error(error);
        ended = true;
      });
    };
    const handle = async (message: unknown) => {
      if (ended) return;
      const extra = source.extraEvent?.(message);
      if (extra) subscriber.next({ type: extra.type, id: String(last), data: extra.data } as MessageEvent);
      const lines = source.linesOf(message);
      if (lines && lines.length > 0) {
        const first = lines[0]!.seq;
        if (first > last + 1) await catchUp();
        emit(lines);
      }
      if (source.isEnd(message)) {
        const state = await source.finished();
        await finish(state.status);
      }
    };

    source.channels
      .subscribe(source.channel, (message) => {
        if (!ready) pending.push(message);
        else serial(() => handle(message));
      })
      .then((stop) => {
        unsubscribe = stop;
        if (subscriber.closed) {
          stop();
          return;
        }
        serial(async () => {
          const state = await source.finished();
          await catchUp();
          ready = true;
          for (const message of pending.splice(0)) await handle(message);
          if (state.done) await finish(state.status);
        });
        poll = setInterval(() => {
          serial(async () => {
            if (ended) return;
            // A comment line: keeps proxies from closing an idle stream, invisible to EventSource.
            subscriber.next({ comment: 'ping' } as unknown as MessageEvent);
            const state = await source.finished();
            if (state.done) await finish(state.status);
          });
        }, source.pollMs ?? 5_000);
      })
      .catch((error: unknown) => subscriber.error(error));

    return () => {
      ended = true;
      clearInterval(poll);
      unsubscribe?.();
    };
  });
}
