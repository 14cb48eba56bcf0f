// Stand-ins for the browser's EventSource and WebSocket (`conduit-sdk/testing`), for tests of code
// built on the live events client (jsdom has no EventSource): pass them as `EventSource` and
// `WebSocket` to `connectEvents`, or install them as globals. Each records the connections
// opened and lets a test play the server. The SDK's own tests and the SPA's use them.
import type { EventSourceLike, MessageLike, WebSocketLike } from './live.js';

export class FakeSource implements EventSourceLike {
  static opened: FakeSource[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, ((event: MessageLike) => void)[]>();
  constructor(readonly url: string) {
    FakeSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageLike) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
  }
  get params(): URLSearchParams {
    return new URL(this.url).searchParams;
  }
  /** The `topics` the stream was opened with. */
  get topics(): string | null {
    return this.params.get('topics');
  }
  open(): void {
    this.onopen?.({});
  }
  emit(type: string, data: unknown, id: string): void {
    const event = { data: typeof data === 'string' ? data : JSON.stringify(data), lastEventId: id };
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
  fail(): void {
    this.onerror?.({});
  }
}

export class FakeSocket implements WebSocketLike {
  static opened: FakeSocket[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: MessageLike) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  sent: Record<string, unknown>[] = [];
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.opened.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.({});
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}
