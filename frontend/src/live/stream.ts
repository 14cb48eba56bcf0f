// One live connection to `GET /api/events` (Server-Sent Events; /work/notes/EVENTS_PROTOCOL.md).
// The browser's own EventSource reconnect is not used: it would reopen the same URL, and the
// ticket in it is single use. On any error this closes the source and opens a new one itself,
// after a backoff, with a fresh ticket and `lastEventId` set to the last event seen, so the
// server replays what was missed (or says `reset` when it no longer can).
import { backoff } from "../lib/backoff";

/** The named events a stream delivers (besides `reset`). */
export const EVENT_NAMES = [
  "article.created",
  "article.updated",
  "article.deleted",
  "article.favorites",
  "comment.created",
  "comment.deleted",
  "profile.followed",
  "profile.unfollowed",
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

/** The part of EventSource this module uses (tests pass a fake class). */
export interface EventSourceLike {
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export type EventSourceClass = new (url: string) => EventSourceLike;

export interface StreamOptions {
  /** Absolute URL of the events endpoint. */
  url: string;
  topics: readonly string[];
  /** A fresh single-use ticket, for topics that need the user (`feed`, `user`); omit otherwise. */
  ticket?: () => Promise<string>;
  /** A named event's parsed `data`, with its `id`. */
  onEvent: (name: EventName, data: unknown, id: string) => void;
  /** The server no longer has the events since the last one seen: reload what is shown. */
  onReset: (data: unknown) => void;
  /** Defaults to the browser's; without one (old browsers, jsdom) the stream does nothing. */
  EventSource?: EventSourceClass;
  /** Milliseconds to wait before the n-th consecutive reconnect (n ≥ 1). */
  backoff?: (failures: number) => number;
}

/** Open the stream; the returned function closes it for good. */
export function openStream(options: StreamOptions): () => void {
  const Available = options.EventSource ?? (globalThis.EventSource as EventSourceClass | undefined);
  if (!Available) return () => {};
  const Source: EventSourceClass = Available;
  const delay = options.backoff ?? backoff;

  let closed = false;
  let source: EventSourceLike | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let lastId: string | null = null;

  const retry = () => {
    if (closed) return;
    failures += 1;
    timer = setTimeout(() => void connect(), delay(failures));
  };

  const seen = (event: MessageEvent) => {
    if (event.lastEventId) lastId = event.lastEventId;
  };

  const parse = (event: MessageEvent): { ok: true; data: unknown } | { ok: false } => {
    try {
      return { ok: true, data: JSON.parse(String(event.data)) };
    } catch {
      return { ok: false };
    }
  };

  async function connect(): Promise<void> {
    timer = undefined;
    let ticket: string | undefined;
    if (options.ticket) {
      try {
        ticket = await options.ticket();
      } catch {
        retry();
        return;
      }
      if (closed) return;
    }
    const url = new URL(options.url);
    url.searchParams.set("topics", options.topics.join(","));
    if (lastId !== null) url.searchParams.set("lastEventId", lastId);
    if (ticket !== undefined) url.searchParams.set("ticket", ticket);

    const es = new Source(url.toString());
    source = es;
    es.onopen = () => {
      failures = 0;
    };
    es.onerror = () => {
      // Also the answer to a refused request (401, 422): either way this source is done.
      if (source !== es) return;
      es.close();
      source = null;
      retry();
    };
    for (const name of EVENT_NAMES) {
      es.addEventListener(name, (event) => {
        if (source !== es) return;
        seen(event);
        const parsed = parse(event);
        if (parsed.ok) options.onEvent(name, parsed.data, event.lastEventId);
      });
    }
    es.addEventListener("reset", (event) => {
      if (source !== es) return;
      seen(event); // the reset's own id is where to continue from
      const parsed = parse(event);
      options.onReset(parsed.ok ? parsed.data : null);
    });
  }

  // Back online: no reason to sit out the rest of a backoff.
  const onOnline = () => {
    if (timer === undefined || closed) return;
    clearTimeout(timer);
    void connect();
  };
  globalThis.addEventListener?.("online", onOnline);

  void connect();

  return () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    timer = undefined;
    source?.close();
    source = null;
    globalThis.removeEventListener?.("online", onOnline);
  };
}
