// The app's side of the live stream: the SDK's live events client (conduit-sdk/live) on the
// app's own client, so a stream of `feed`/`user` takes its ticket with the signed-in user's
// token. Each event's payload is typed from openapi.json by the SDK.
import type { EventName } from "conduit-sdk";
import { connectEvents, type EventSourceClass, type LiveEventData } from "conduit-sdk/live";
import type { ApiClient } from "../api/client";

export { USER_TOPICS } from "conduit-sdk/live";
export type { EventSourceClass };

/** What a subscriber does with each of `Name`: a handler of that event's `data`, or "ignored",
 * said out loud. Every name needs an entry. */
export type HandlerMap<Name extends string, Data extends { [K in Name]: unknown }> = {
  readonly [K in Name]: ((data: Data[K]) => void) | "ignored";
};

/** One entry per event name of the contract (the generated `EventName`, `reset` included: events
 * were missed and are gone, reload what the page shows). A new server event fails the type check
 * at every subscriber until it is handled or ignored there (src/live/handlers.test-d.ts). */
export type LiveHandlers = HandlerMap<EventName, LiveEventData>;

function dispatch<K extends EventName>(handlers: LiveHandlers, name: K, data: LiveEventData[K]): void {
  const handler = handlers[name];
  if (handler !== "ignored") handler(data);
}

export interface Live {
  /** Open a stream of `topics`; `handlers` is read at each event (so it may change). */
  open(topics: readonly string[], handlers: () => LiveHandlers): () => void;
}

export function createLive(options: { api: ApiClient; EventSource?: EventSourceClass }): Live {
  return {
    open(topics, handlers) {
      return connectEvents({
        client: options.api,
        topics,
        onEvent: (event) => dispatch(handlers(), event.name, event.data),
        ...(options.EventSource ? { EventSource: options.EventSource } : {}),
      });
    },
  };
}
