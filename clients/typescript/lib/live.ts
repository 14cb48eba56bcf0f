// Live events of the Conduit API, framework-free: one connection to `GET /api/events`
// (Server-Sent Events) or `/ws/events` (WebSocket), with the payload of each event typed from
// the contract's schemas. The SPA (frontend/) and the Vue starter both use it.
//
// The browser's own EventSource reconnect is not used: it would reopen the same URL, and the
// ticket in it is single use. On any error the connection is closed and reopened here, after a
// backoff, with a fresh ticket (SSE) or the token again (WebSocket) and the last event id seen,
// so the server replays what was missed (or sends `reset` when it no longer can).
import type { Client } from '../src/client/index.js';
import { client as defaultClient } from '../src/client.gen.js';
import { getAuthToken } from '../src/core/auth.gen.js';
import { createEventsTicket } from '../src/sdk.gen.js';
import type {
  ArticleDeletedEvent,
  ArticleEvent,
  CommentDeletedEvent,
  CommentEvent,
  EventName,
  FavoritesEvent,
  FollowEvent,
  ResetEvent,
} from '../src/types.gen.js';

/** Each event's `data`, as openapi.json documents it (`GET /api/events`). */
export interface LiveEventData {
  'article.created': ArticleEvent;
  'article.updated': ArticleEvent;
  'article.deleted': ArticleDeletedEvent;
  'article.favorites': FavoritesEvent;
  'comment.created': CommentEvent;
  'comment.deleted': CommentDeletedEvent;
  'profile.followed': FollowEvent;
  'profile.unfollowed': FollowEvent;
  /** The events since the last id seen are no longer kept: reload what is shown. */
  reset: ResetEvent;
}

/** One event: switch on `name` and `data` has that event's type. */
export type LiveEvent = { [K in EventName]: { name: K; id: string; data: LiveEventData[K] } }[EventName];

// The contract's event names and this module's payload map are the same set, or this fails to compile.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameNames: Exactly<keyof LiveEventData, EventName> = true;
void sameNames;

/** Every event name the contract defines (`EventName`), `reset` included. */
export const EVENT_NAMES = [
  'article.created',
  'article.updated',
  'article.deleted',
  'article.favorites',
  'comment.created',
  'comment.deleted',
  'profile.followed',
  'profile.unfollowed',
  'reset',
] as const satisfies readonly EventName[];
const allNames: Exactly<(typeof EVENT_NAMES)[number], EventName> = true;
void allNames;

/** Topics only a signed-in user may follow: they need a ticket (SSE) or a token (WebSocket). */
export const USER_TOPICS: ReadonlySet<string> = new Set(['feed', 'user']);

export const needsUser = (topics: readonly string[]): boolean => topics.some((t) => USER_TOPICS.has(t));

/** An event handler property. Declared as a method so that it is bivariant in its argument, as
 * DOM handlers are: the browser's EventSource and WebSocket classes fit the interfaces below. */
type Handler<E> = { handle(event: E): void }['handle'];

/** The part of a message event this module reads. */
export interface MessageLike {
  data: unknown;
  lastEventId?: string;
}

/** The part of EventSource this module uses (tests pass a fake class). */
export interface EventSourceLike {
  onopen: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
  addEventListener(type: string, listener: (event: MessageLike) => void): void;
  close(): void;
}
export type EventSourceClass = new (url: string) => EventSourceLike;

/** The part of WebSocket this module uses. */
export interface WebSocketLike {
  onopen: Handler<unknown> | null;
  onmessage: Handler<MessageLike> | null;
  onclose: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
  send(data: string): void;
  close(code?: number): void;
}
export type WebSocketClass = new (url: string) => WebSocketLike;

export type LiveStatus = 'connecting' | 'open' | 'retrying' | 'closed';

export interface LiveOptions {
  /** Topics: `articles`, `article:<slug>`, `feed`, `user` (the last two need a signed-in user). */
  topics: readonly string[];
  /** Each event, `reset` included, in order. */
  onEvent: (event: LiveEvent) => void;
  /** `sse` (default): `GET /api/events`; `websocket`: `/ws/events`. */
  transport?: 'sse' | 'websocket';
  /** The API's origin; defaults to the client's `baseUrl`, then the page's origin. */
  baseUrl?: string;
  /** The SDK client whose `baseUrl` and `auth` are used (defaults to the package's `client`). */
  client?: Client;
  /** SSE, for user topics: a fresh single-use ticket. Defaults to `POST /api/events/ticket` through `client`. */
  ticket?: () => Promise<string>;
  /** WebSocket, for user topics: the JWT. Defaults to the client's `auth`. */
  token?: () => Promise<string | undefined> | string | undefined;
  /** Resume after this event id (e.g. one kept from an earlier page load). */
  lastEventId?: string;
  /** Connection state, for a "live" indicator. */
  onStatus?: (status: LiveStatus) => void;
  /** Milliseconds to wait before the n-th consecutive reconnect (n ≥ 1). */
  backoff?: (failures: number) => number;
  /** Defaults to the global one; without one the connection does nothing. */
  EventSource?: EventSourceClass;
  /** Defaults to the global one; without one the connection does nothing. */
  WebSocket?: WebSocketClass;
}

/** 1 s, 2 s, 4 s ... up to 30 s, each shortened by up to a half so that clients cut off by the
 * same server restart do not all come back in the same instant. */
export function defaultBackoff(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** (failures - 1));
  return Math.round(ceiling * (1 - random() / 2));
}

const TOKEN_SCHEME = { in: 'header', name: 'Authorization', type: 'apiKey' } as const;

/** Open a live connection; the returned function closes it for good. */
export function connectEvents(options: LiveOptions): () => void {
  const transport = options.transport ?? 'sse';
  const g = globalThis as { EventSource?: EventSourceClass; WebSocket?: WebSocketClass; location?: { origin: string } };
  const Source = transport === 'sse' ? (options.EventSource ?? g.EventSource) : (options.WebSocket ?? g.WebSocket);
  if (!Source) return () => {};
  const api = options.client ?? defaultClient;
  const base = options.baseUrl || api.getConfig().baseUrl || g.location?.origin;
  if (!base) throw new Error('connectEvents needs a baseUrl (or a client configured with one)');
  const forUser = needsUser(options.topics);
  const ticket =
    options.ticket ?? (async () => (await createEventsTicket({ client: api, throwOnError: true })).data.ticket);
  const token =
    options.token ??
    (async () => {
      const auth = api.getConfig().auth;
      return auth === undefined ? undefined : getAuthToken(TOKEN_SCHEME, auth);
    });
  const backoff = options.backoff ?? defaultBackoff;

  let closed = false;
  let current: { close(): void } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let lastId: string | null = options.lastEventId ?? null;
  const status = (s: LiveStatus) => options.onStatus?.(s);

  const retry = (after?: number) => {
    current = null;
    if (closed) return;
    failures += 1;
    status('retrying');
    timer = setTimeout(() => void connect(), Math.max(after ?? 0, backoff(failures)));
  };

  const deliver = (name: EventName, id: string, raw: unknown) => {
    if (id) lastId = id; // a reset's own id is where to continue from, too
    let data: unknown = raw;
    if (typeof raw === 'string') {
      try {
        data = JSON.parse(raw);
      } catch {
        return; // unreadable: skipped, as the server never sends it
      }
    }
    // The payloads are the server's documented schemas, trusted as REST answers are.
    options.onEvent({ name, id, data } as LiveEvent);
  };

  const url = (path: string) => {
    const u = new URL(path, base);
    if (transport === 'websocket') u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    return u;
  };

  function openSse(Sse: EventSourceClass, ticketValue: string | undefined): void {
    const u = url('/api/events');
    u.searchParams.set('topics', options.topics.join(','));
    if (lastId !== null) u.searchParams.set('lastEventId', lastId);
    if (ticketValue !== undefined) u.searchParams.set('ticket', ticketValue);
    const es = new Sse(u.toString());
    current = es;
    es.onopen = () => {
      failures = 0;
      status('open');
    };
    es.onerror = () => {
      // Also the answer to a refused request (401, 422): either way this source is done.
      if (current !== es) return;
      es.close();
      retry();
    };
    for (const name of EVENT_NAMES) {
      es.addEventListener(name, (event) => {
        if (current === es) deliver(name, event.lastEventId ?? '', event.data);
      });
    }
  }

  function openSocket(Ws: WebSocketClass, tokenValue: string | undefined): void {
    const ws = new Ws(url('/ws/events').toString());
    current = ws;
    let retryAfter: number | undefined;
    ws.onopen = () => {
      if (tokenValue !== undefined) ws.send(JSON.stringify({ type: 'auth', token: tokenValue }));
      const subscribe: Record<string, unknown> = { type: 'subscribe', topics: options.topics };
      if (lastId !== null) subscribe.lastEventId = Number(lastId);
      ws.send(JSON.stringify(subscribe));
    };
    ws.onmessage = (event: MessageLike) => {
      if (current !== ws) return;
      let message: { type?: string; id?: number; event?: EventName; data?: unknown; retry?: number };
      try {
        message = JSON.parse(String(event.data)) as typeof message;
      } catch {
        return;
      }
      if (message.type === 'subscribed') {
        failures = 0;
        status('open');
      } else if (message.type === 'event' && message.event !== undefined) {
        deliver(message.event, String(message.id ?? ''), message.data);
      } else if (message.type === 'end') {
        retryAfter = message.retry; // the server closes next
      } else if (message.type === 'error') {
        ws.close(); // refused (401, 422, 429, 503): start over after the backoff
      }
    };
    ws.onerror = () => {
      if (current === ws) ws.close();
    };
    ws.onclose = () => {
      if (current === ws) retry(retryAfter);
    };
  }

  async function connect(): Promise<void> {
    timer = undefined;
    status('connecting');
    let credential: string | undefined;
    if (forUser) {
      try {
        credential = transport === 'sse' ? await ticket() : await token();
      } catch {
        retry();
        return;
      }
      if (closed) return;
    }
    if (transport === 'sse') openSse(Source as EventSourceClass, credential);
    else openSocket(Source as WebSocketClass, credential);
  }

  // Back online: no reason to sit out the rest of a backoff.
  const events = globalThis as {
    addEventListener?: typeof addEventListener;
    removeEventListener?: typeof removeEventListener;
  };
  const onOnline = () => {
    if (timer === undefined || closed) return;
    clearTimeout(timer);
    void connect();
  };
  events.addEventListener?.('online', onOnline);

  void connect();

  return () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    timer = undefined;
    const open = current;
    current = null;
    open?.close();
    events.removeEventListener?.('online', onOnline);
    status('closed');
  };
}
