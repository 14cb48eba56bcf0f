// The live events client against stand-ins for EventSource and WebSocket (./testing.ts, the one
// boundary replaced here; tests/contract/test_sdk_package.py runs it against the real server).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../src/client/index.js';
import { connectEvents, defaultBackoff, type LiveEvent, type LiveOptions } from './live.js';
import { FakeSocket, FakeSource } from './testing.js';

const source = () => FakeSource.opened.at(-1)!;
const socket = () => FakeSocket.opened.at(-1)!;

function start(overrides: Partial<LiveOptions> = {}) {
  const events: LiveEvent[] = [];
  const close = connectEvents({
    baseUrl: 'http://conduit.test',
    topics: ['articles'],
    onEvent: (event) => events.push(event),
    EventSource: FakeSource,
    WebSocket: FakeSocket,
    backoff: (n) => 1000 * n,
    ...overrides,
  });
  return { events, close };
}

beforeEach(() => {
  FakeSource.opened = [];
  FakeSocket.opened = [];
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('connectEvents over SSE', () => {
  it('opens /api/events with the topics, and no ticket for public topics', async () => {
    start({ topics: ['articles', 'article:hello'] });
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSource.opened).toHaveLength(1);
    const url = new URL(source().url);
    expect(url.origin + url.pathname).toBe('http://conduit.test/api/events');
    expect(source().params.get('topics')).toBe('articles,article:hello');
    expect(source().params.has('ticket')).toBe(false);
    expect(source().params.has('lastEventId')).toBe(false);
  });

  it('hands over typed events with their parsed data and id; skips unreadable data', async () => {
    const { events } = start();
    await vi.advanceTimersByTimeAsync(0);
    source().open();
    source().emit('article.favorites', { slug: 'hello', favoritesCount: 3 }, '7');
    source().emit('comment.deleted', '{not json', '8');
    source().emit('comment.deleted', { slug: 'hello', id: 4 }, '9');
    expect(events).toEqual([
      { name: 'article.favorites', id: '7', data: { slug: 'hello', favoritesCount: 3 } },
      { name: 'comment.deleted', id: '9', data: { slug: 'hello', id: 4 } },
    ]);
    const first = events[0]!;
    if (first.name === 'article.favorites') expect(first.data.favoritesCount).toBe(3); // typed by name
  });

  it('reconnects after an error with a new ticket and the last id seen', async () => {
    let issued = 0;
    const ticket = vi.fn(() => Promise.resolve(`ticket-${++issued}`));
    start({ topics: ['feed'], ticket });
    await vi.advanceTimersByTimeAsync(0);
    const first = source();
    expect(first.params.get('ticket')).toBe('ticket-1');
    first.open();
    first.emit('article.created', { article: {}, previousSlug: null }, '41');
    first.emit('article.created', { article: {}, previousSlug: null }, '42');

    first.fail();
    expect(first.closed).toBe(true); // not left to EventSource's reconnect, which reuses the ticket
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSource.opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSource.opened).toHaveLength(2);
    expect(ticket).toHaveBeenCalledTimes(2);
    expect(source().params.get('ticket')).toBe('ticket-2');
    expect(source().params.get('lastEventId')).toBe('42');
  });

  it('takes a ticket from POST /api/events/ticket through the SDK client by default', async () => {
    const calls: Request[] = [];
    const api = createClient({
      baseUrl: 'http://conduit.test',
      auth: () => 'Token jwt',
      fetch: (input: RequestInfo | URL) => {
        calls.push(input as Request); // the client hands over a Request
        return Promise.resolve(
          new Response(JSON.stringify({ ticket: 'from-server', expiresIn: 30 }), {
            status: 201,
            headers: { 'content-type': 'application/json' },
          }),
        );
      },
    });
    start({ topics: ['user'], client: api, baseUrl: undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((r) => [r.method, r.url, r.headers.get('authorization')])).toEqual([
      ['POST', 'http://conduit.test/api/events/ticket', 'Token jwt'],
    ]);
    expect(source().params.get('ticket')).toBe('from-server');
  });

  it('backs off longer on each failure in a row, and starts over once connected', async () => {
    const statuses: string[] = [];
    start({ onStatus: (s) => statuses.push(s) });
    await vi.advanceTimersByTimeAsync(0);
    source().fail(); // 1st failure: 1 s
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSource.opened).toHaveLength(2);
    source().fail(); // 2nd: 2 s
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeSource.opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSource.opened).toHaveLength(3);
    source().open();
    source().fail(); // connected in between: 1 s again
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSource.opened).toHaveLength(4);
    expect(statuses.slice(0, 3)).toEqual(['connecting', 'retrying', 'connecting']);
    expect(statuses).toContain('open');
  });

  it('on reset, hands it over and continues from its id', async () => {
    const { events } = start({ lastEventId: '3' });
    await vi.advanceTimersByTimeAsync(0);
    expect(source().params.get('lastEventId')).toBe('3');
    source().open();
    source().emit('reset', { reason: 'too far behind' }, '90');
    expect(events).toEqual([{ name: 'reset', id: '90', data: { reason: 'too far behind' } }]);
    source().fail();
    await vi.advanceTimersByTimeAsync(1000);
    expect(source().params.get('lastEventId')).toBe('90');
  });

  it('closes for good: the source, a pending reconnect and a ticket on its way', async () => {
    const first = start();
    await vi.advanceTimersByTimeAsync(0);
    first.close();
    expect(source().closed).toBe(true);

    const second = start();
    await vi.advanceTimersByTimeAsync(0);
    source().fail();
    second.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSource.opened).toHaveLength(2);

    let give: (ticket: string) => void = () => {};
    const third = start({ topics: ['feed'], ticket: () => new Promise<string>((resolve) => (give = resolve)) });
    await vi.advanceTimersByTimeAsync(0);
    third.close();
    give('late');
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSource.opened).toHaveLength(2);
  });

  it('retries when no ticket can be had', async () => {
    const ticket = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue('fresh');
    start({ topics: ['feed'], ticket });
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSource.opened).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSource.opened).toHaveLength(1);
    expect(source().params.get('ticket')).toBe('fresh');
  });

  it("ignores a closed source's late events and errors", async () => {
    const { events } = start();
    await vi.advanceTimersByTimeAsync(0);
    const first = source();
    first.fail();
    first.emit('article.deleted', { slug: 'x' }, '3');
    first.fail(); // a second error from the same source schedules nothing more
    await vi.advanceTimersByTimeAsync(1000);
    expect(events).toEqual([]);
    expect(FakeSource.opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeSource.opened).toHaveLength(2);
  });

  it('reconnects at once when the browser comes back online', async () => {
    const window = new EventTarget(); // Node has no global event target: stand in for the page's
    vi.stubGlobal('addEventListener', window.addEventListener.bind(window));
    vi.stubGlobal('removeEventListener', window.removeEventListener.bind(window));
    try {
      start();
      await vi.advanceTimersByTimeAsync(0);
      source().fail();
      window.dispatchEvent(new Event('online'));
      await vi.advanceTimersByTimeAsync(0);
      expect(FakeSource.opened).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(5000);
      expect(FakeSource.opened).toHaveLength(2);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('does nothing where there is no EventSource', () => {
    vi.stubGlobal('EventSource', undefined);
    const close = connectEvents({ baseUrl: 'http://conduit.test', topics: ['articles'], onEvent: () => {} });
    expect(close).not.toThrow();
    vi.unstubAllGlobals();
  });
});

describe('connectEvents over a WebSocket', () => {
  it('authenticates, subscribes from the last id, and hands over typed events', async () => {
    const { events } = start({ transport: 'websocket', topics: ['feed'], token: () => 'jwt', lastEventId: '12' });
    await vi.advanceTimersByTimeAsync(0);
    expect(socket().url).toBe('ws://conduit.test/ws/events');
    socket().onopen?.({});
    expect(socket().sent).toEqual([
      { type: 'auth', token: 'jwt' },
      { type: 'subscribe', topics: ['feed'], lastEventId: 12 },
    ]);
    socket().receive({ type: 'authenticated' });
    socket().receive({ type: 'subscribed', topics: ['feed'] });
    socket().receive({ type: 'event', id: 13, event: 'profile.followed', data: { profile: { username: 'jake' } } });
    expect(events).toEqual([{ name: 'profile.followed', id: '13', data: { profile: { username: 'jake' } } }]);
  });

  it("reconnects after the server's end, no sooner than its retry hint, from the last id", async () => {
    start({ transport: 'websocket', baseUrl: 'https://conduit.test' });
    await vi.advanceTimersByTimeAsync(0);
    const first = socket();
    expect(first.url).toBe('wss://conduit.test/ws/events');
    first.onopen?.({});
    expect(first.sent).toEqual([{ type: 'subscribe', topics: ['articles'] }]); // no token for public topics
    first.receive({ type: 'event', id: 5, event: 'article.deleted', data: { slug: 'x' } });
    first.receive({ type: 'end', reason: 'server shutting down', retry: 3000 });
    first.close();
    await vi.advanceTimersByTimeAsync(2999);
    expect(FakeSocket.opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.opened).toHaveLength(2);
    socket().onopen?.({});
    expect(socket().sent).toEqual([{ type: 'subscribe', topics: ['articles'], lastEventId: 5 }]);
  });

  it('starts over after a refusal, and stays closed once closed', async () => {
    const { close } = start({ transport: 'websocket' });
    await vi.advanceTimersByTimeAsync(0);
    socket().onopen?.({});
    socket().receive({ type: 'error', status: 503, errors: { events: ['are unavailable, retry later'] } });
    expect(socket().closed).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.opened).toHaveLength(2);
    close();
    expect(socket().closed).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.opened).toHaveLength(2);
  });
});

describe('defaultBackoff', () => {
  it('doubles from 1 s up to 30 s, jittered down by at most a half', () => {
    expect([1, 2, 3, 5, 6, 10].map((n) => defaultBackoff(n, () => 0))).toEqual([1000, 2000, 4000, 16000, 30000, 30000]);
    expect(defaultBackoff(2, () => 1)).toBe(1000);
  });
});
