import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSource } from "../test/fakeEventSource";
import { openStream, type StreamOptions } from "./stream";

const latest = () => FakeSource.opened.at(-1)!;

function start(overrides: Partial<StreamOptions> = {}) {
  const onEvent = vi.fn();
  const onReset = vi.fn();
  const close = openStream({
    url: "http://conduit.test/api/events",
    topics: ["articles"],
    onEvent,
    onReset,
    EventSource: FakeSource,
    backoff: (n) => 1000 * n,
    ...overrides,
  });
  return { onEvent, onReset, close };
}

beforeEach(() => {
  FakeSource.opened = [];
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("openStream", () => {
  it("opens /api/events with the topics, and no ticket for public topics", async () => {
    start({ topics: ["articles", "article:hello"] });
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSource.opened).toHaveLength(1);
    const url = new URL(latest().url);
    expect(url.origin + url.pathname).toBe("http://conduit.test/api/events");
    expect(url.searchParams.get("topics")).toBe("articles,article:hello");
    expect(url.searchParams.has("ticket")).toBe(false);
    expect(url.searchParams.has("lastEventId")).toBe(false);
  });

  it("hands over named events with their parsed data and id; skips unreadable data", async () => {
    const { onEvent } = start();
    await vi.advanceTimersByTimeAsync(0);
    latest().open();
    latest().emit("article.favorites", { slug: "hello", favoritesCount: 3 }, "7");
    latest().emit("comment.deleted", "{not json", "8");
    latest().emit("comment.deleted", { slug: "hello", id: 4 }, "9");
    expect(onEvent.mock.calls).toEqual([
      ["article.favorites", { slug: "hello", favoritesCount: 3 }, "7"],
      ["comment.deleted", { slug: "hello", id: 4 }, "9"],
    ]);
  });

  it("reconnects after an error with a new ticket and the last id seen", async () => {
    let issued = 0;
    const ticket = vi.fn(async () => `ticket-${++issued}`);
    start({ topics: ["feed"], ticket });
    await vi.advanceTimersByTimeAsync(0);
    const first = latest();
    expect(first.params.get("ticket")).toBe("ticket-1");
    first.open();
    first.emit("article.created", { article: {}, previousSlug: null }, "41");
    first.emit("article.created", { article: {}, previousSlug: null }, "42");

    first.fail();
    expect(first.closed).toBe(true); // not left to the browser's reconnect, which reuses the ticket
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSource.opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSource.opened).toHaveLength(2);
    expect(ticket).toHaveBeenCalledTimes(2);
    expect(latest().params.get("ticket")).toBe("ticket-2");
    expect(latest().params.get("lastEventId")).toBe("42");
    expect(latest().params.get("topics")).toBe("feed");
  });

  it("backs off longer on each failure in a row, and starts over once connected", async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    latest().fail(); // 1st failure: 1 s
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSource.opened).toHaveLength(2);
    latest().fail(); // 2nd: 2 s
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeSource.opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSource.opened).toHaveLength(3);
    latest().open();
    latest().fail(); // connected in between: 1 s again
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSource.opened).toHaveLength(4);
  });

  it("retries when no ticket can be had", async () => {
    const ticket = vi.fn().mockRejectedValueOnce(new Error("offline")).mockResolvedValue("fresh");
    start({ topics: ["feed"], ticket });
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSource.opened).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSource.opened).toHaveLength(1);
    expect(latest().params.get("ticket")).toBe("fresh");
  });

  it("on reset, says to reload and continues from the reset's id", async () => {
    const { onReset, onEvent } = start();
    await vi.advanceTimersByTimeAsync(0);
    latest().open();
    latest().emit("comment.created", { slug: "a", comment: {} }, "5");
    latest().fail();
    await vi.advanceTimersByTimeAsync(1000);
    expect(latest().params.get("lastEventId")).toBe("5");

    latest().open();
    latest().emit("reset", { reason: "too far behind" }, "90");
    expect(onReset).toHaveBeenCalledWith({ reason: "too far behind" });
    expect(onEvent).toHaveBeenCalledTimes(1); // a reset is not an event for the handlers
    latest().fail();
    await vi.advanceTimersByTimeAsync(1000);
    expect(latest().params.get("lastEventId")).toBe("90");
  });

  it("closes for good: the source, a pending reconnect and a ticket on its way", async () => {
    const first = start();
    await vi.advanceTimersByTimeAsync(0);
    first.close();
    expect(latest().closed).toBe(true);

    const second = start();
    await vi.advanceTimersByTimeAsync(0);
    latest().fail();
    second.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSource.opened).toHaveLength(2);

    let give: (ticket: string) => void = () => {};
    const third = start({ ticket: () => new Promise<string>((resolve) => (give = resolve)) });
    await vi.advanceTimersByTimeAsync(0);
    third.close();
    give("late");
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSource.opened).toHaveLength(2);
  });

  it("ignores a closed source's late events and errors", async () => {
    const { onEvent } = start();
    await vi.advanceTimersByTimeAsync(0);
    const first = latest();
    first.fail();
    first.emit("article.deleted", { slug: "x" }, "3");
    first.fail(); // a second error from the same source schedules nothing more
    await vi.advanceTimersByTimeAsync(1000);
    expect(onEvent).not.toHaveBeenCalled();
    expect(FakeSource.opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeSource.opened).toHaveLength(2);
  });

  it("reconnects at once when the browser comes back online", async () => {
    start();
    await vi.advanceTimersByTimeAsync(0);
    latest().fail();
    window.dispatchEvent(new Event("online"));
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSource.opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(FakeSource.opened).toHaveLength(2);
  });

  it("does nothing where there is no EventSource", () => {
    const close = openStream({
      url: "http://conduit.test/api/events",
      topics: ["articles"],
      onEvent: () => {},
      onReset: () => {},
      EventSource: undefined,
    });
    expect(close).not.toThrow();
  });
});
