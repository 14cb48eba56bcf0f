// The page's live streams, seen from the test: every EventSource the app opens is kept (to cut
// one), and every named event it delivers is recorded, so a test can wait until an event has
// reached the page (a marker) instead of sleeping.
import type { Page } from "@playwright/test";

export interface SeenEvent {
  type: string;
  data: unknown;
  id: string;
}

interface LiveWindow {
  __eventSources: EventSource[];
  __liveEvents: SeenEvent[];
}

const EVENT_TYPES = [
  "article.created",
  "article.updated",
  "article.deleted",
  "article.favorites",
  "comment.created",
  "comment.deleted",
  "profile.followed",
  "profile.unfollowed",
  "reset",
];

/** Install before the first `goto`. The recorder's listener is added first, so an event is
 * recorded just before the app handles it. */
export async function watchStreams(page: Page): Promise<void> {
  await page.addInitScript((types: string[]) => {
    const Native = window.EventSource;
    const sources: EventSource[] = [];
    const events: { type: string; data: unknown; id: string }[] = [];
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        sources.push(this);
        for (const type of types) {
          this.addEventListener(type, (event) => {
            const { data, lastEventId } = event as MessageEvent<string>;
            events.push({ type, data: JSON.parse(data) as unknown, id: lastEventId });
          });
        }
      }
    };
    Object.assign(window, { __eventSources: sources, __liveEvents: events });
  }, EVENT_TYPES);
}

/** Resolves once the page has received an event of `type` whose JSON data contains `text`. */
export async function eventReached(page: Page, type: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([type, text]) =>
      (window as unknown as LiveWindow).__liveEvents.some(
        (e) => e.type === type && JSON.stringify(e.data).includes(text),
      ),
    [type, text] as const,
  );
}

/** Close the page's newest stream (the server is not told: as a dropped connection). */
export async function cutStream(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as LiveWindow).__eventSources.at(-1)?.close());
}

/** Tell the page its newest stream failed (what the browser does when a connection drops). */
export async function reportStreamError(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as LiveWindow).__eventSources.at(-1)?.dispatchEvent(new Event("error")));
}
