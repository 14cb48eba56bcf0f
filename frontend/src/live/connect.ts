// The app's side of the live stream: the SDK's live events client (conduit-sdk/live) on the
// app's own client, so a stream of `feed`/`user` takes its ticket with the signed-in user's
// token. Each event's payload is typed from openapi.json by the SDK.
import { connectEvents, type EventSourceClass, type LiveEventData } from "conduit-sdk/live";
import type { ApiClient } from "../api/client";

export { USER_TOPICS } from "conduit-sdk/live";
export type { EventSourceClass };

/** A handler per event, `reset` included (events were missed and are gone: reload what the
 * page shows). */
export type LiveHandlers = { [K in keyof LiveEventData]?: (data: LiveEventData[K]) => void };

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
        onEvent: (event) => (handlers()[event.name] as ((data: unknown) => void) | undefined)?.(event.data),
        ...(options.EventSource ? { EventSource: options.EventSource } : {}),
      });
    },
  };
}
