// Type-level tests of the live handler maps, checked by `make typecheck` (tsc): each
// `@ts-expect-error` must meet an error, or tsc fails on the unused directive.
import type { EventName } from "conduit-sdk";
import type { LiveEventData } from "conduit-sdk/live";
import type { HandlerMap, LiveHandlers } from "./connect";

// The map's names are the contract's, as generated from openapi.json: no list of our own.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const sameNames: Exactly<keyof LiveHandlers, EventName> = true;

// Every event of today's contract, handled or ignored.
const complete = {
  "article.created": ({ article }) => void article.slug,
  "article.updated": ({ previousSlug }) => void previousSlug,
  "article.deleted": ({ slug }) => void slug,
  "article.favorites": ({ favoritesCount }) => void favoritesCount,
  "comment.created": ({ comment }) => void comment.id,
  "comment.deleted": ({ id }) => void id,
  "profile.followed": "ignored",
  "profile.unfollowed": "ignored",
  reset: ({ reason }) => void reason,
} satisfies LiveHandlers;
export const handlers: LiveHandlers = complete;

// A name left out is an error, not a silently dropped event.
const missingOne: Omit<typeof complete, "profile.unfollowed"> = complete;
// @ts-expect-error -- "profile.unfollowed" is neither handled nor ignored
export const incomplete: LiveHandlers = missingOne;

// A handler takes that event's payload, not another's.
export const wrongPayload: LiveHandlers = {
  ...complete,
  // @ts-expect-error -- `comment.deleted` carries a CommentDeletedEvent, which has no `comment`
  "comment.deleted": (data: LiveEventData["comment.created"]) => void data.comment.id,
};

// A name the contract does not define is refused.
export const unknownName: LiveHandlers = {
  ...complete,
  // @ts-expect-error -- not an event of the contract
  "article.pinned": "ignored",
};

// The contract grows by one event (as `make openapi` + `make sdk` would make EventName and
// LiveEventData): today's complete map no longer type-checks until it names the new event.
type GrownName = EventName | "article.pinned";
type GrownData = LiveEventData & { "article.pinned": { slug: string } };
// @ts-expect-error -- "article.pinned" is neither handled nor ignored
export const stale: HandlerMap<GrownName, GrownData> = complete;
export const updated: HandlerMap<GrownName, GrownData> = { ...complete, "article.pinned": "ignored" };
