// The app's side of the live stream: which payload each event carries (the generated schemas),
// and how a stream is opened for the signed-in user (a ticket from POST /api/events/ticket,
// through the typed client, for the topics that need one).
import { unwrap, type ApiClient, type Schemas } from "../api/client";
import { openStream, type EventName, type EventSourceClass } from "./stream";

/** Each event's `data`, as openapi.json documents it. */
export interface LiveEvents {
  "article.created": Schemas["ArticleEvent"];
  "article.updated": Schemas["ArticleEvent"];
  "article.deleted": Schemas["ArticleDeletedEvent"];
  "article.favorites": Schemas["FavoritesEvent"];
  "comment.created": Schemas["CommentEvent"];
  "comment.deleted": Schemas["CommentDeletedEvent"];
  "profile.followed": Schemas["FollowEvent"];
  "profile.unfollowed": Schemas["FollowEvent"];
}

// Every event the stream module listens to has a payload type here, and nothing more.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameNames: Exactly<keyof LiveEvents, EventName> = true;
void sameNames;

export type LiveHandlers = { [K in EventName]?: (data: LiveEvents[K]) => void } & {
  /** Events were missed and are gone: reload what the page shows. */
  reset?: (data: Schemas["ResetEvent"]) => void;
};

/** Topics only a signed-in user may follow: their stream needs a ticket. */
export const USER_TOPICS: ReadonlySet<string> = new Set(["feed", "user"]);

export interface Live {
  /** Open a stream of `topics`; `handlers` is read at each event (so it may change). */
  open(topics: readonly string[], handlers: () => LiveHandlers): () => void;
}

export function createLive(options: { baseUrl: string; api: ApiClient; EventSource?: EventSourceClass }): Live {
  const { api } = options;
  const url = new URL("/api/events", options.baseUrl).toString();
  const ticket = async () => (await unwrap(api.POST("/api/events/ticket"))).ticket;
  return {
    open(topics, handlers) {
      return openStream({
        url,
        topics,
        ...(topics.some((t) => USER_TOPICS.has(t)) ? { ticket } : {}),
        // The payloads are the server's documented schemas, trusted as REST answers are.
        onEvent: (name, data) => (handlers()[name] as ((data: unknown) => void) | undefined)?.(data),
        onReset: (data) => handlers().reset?.(data as Schemas["ResetEvent"]),
        ...(options.EventSource ? { EventSource: options.EventSource } : {}),
      });
    },
  };
}
