// A stand-in for the browser's EventSource (jsdom has none): the one boundary the live tests
// replace. It records every source opened and lets a test play the server.
import type { EventSourceLike } from "conduit-sdk/live";

export class FakeSource implements EventSourceLike {
  static opened: FakeSource[] = [];
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, ((event: MessageEvent) => void)[]>();

  constructor(readonly url: string) {
    FakeSource.opened.push(this);
  }

  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  get params(): URLSearchParams {
    return new URL(this.url).searchParams;
  }

  open(): void {
    this.onopen?.(new Event("open"));
  }

  get topics(): string | null {
    return this.params.get("topics");
  }

  emit(type: string, data: unknown, id: string): void {
    const event = new MessageEvent(type, {
      data: typeof data === "string" ? data : JSON.stringify(data),
      lastEventId: id,
    });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  fail(): void {
    this.onerror?.(new Event("error"));
  }
}
