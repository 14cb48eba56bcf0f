// Query keys and cache edits in one place. Every article list, article, profile and comment
// list the UI shows lives under the SDK's generated query keys (`[{ _id: <operationId>,
// baseUrl, path?, query? }]`, conduit-sdk/react-query), so a change from anywhere (a mutation
// here, a live event) updates every view of it by calling the same helpers. Edits find their
// answers by partial keys (operation, path, query), whatever the client's base URL.
import { partialMatchKey, type Query, type QueryClient, type QueryKey } from "@tanstack/react-query";
import type {
  Article,
  ArticlePreview,
  Comment,
  MultipleArticlesResponse,
  MultipleCommentsResponse,
  Profile,
  SingleArticleResponse,
} from "conduit-sdk";
import { getArticleCommentsQueryKey, getArticleQueryKey } from "conduit-sdk/react-query";
import type { ApiClient } from "./client";

export type { Article, ArticlePreview, Comment, Profile } from "conduit-sdk";
export type ArticlePage = MultipleArticlesResponse;

export const PAGE_SIZE = 10;

/** Which articles a list shows. `following` is "Your Feed"; the rest filter the global list. */
export type ArticleFeed =
  | { readonly kind: "following" }
  | {
      readonly kind: "global";
      readonly tag?: string;
      readonly author?: string;
      readonly favorited?: string;
    };

/** The query string of a feed's page (all its pages when `page` is left out). Filters first,
 * then paging: the query string the reference clients send (the SDK keeps this order). */
export function feedQuery(feed: ArticleFeed, page?: number) {
  const paging = page === undefined ? {} : { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  if (feed.kind === "following") return paging;
  const { tag, author, favorited } = feed;
  return { tag, author, favorited, ...paging };
}

/** Which cached answers an edit or a refetch is about: a test on their query keys. */
export type Where = (key: QueryKey) => boolean;

/** A read of the SDK (its name is the key's `_id`): a renamed operation fails to compile here. */
type Read = Extract<keyof typeof import("conduit-sdk"), `get${string}`>;

const operation =
  (id: Read, fields: object = {}): Where =>
  (key) =>
    partialMatchKey(key, [{ _id: id, ...fields }]);

const anyOf =
  (...tests: Where[]): Where =>
  (key) =>
    tests.some((test) => test(key));

export const where = {
  /** Every page of every article list, Your Feed included. */
  articleLists: anyOf(operation("getArticles"), operation("getArticlesFeed")),
  /** Every page of one feed. */
  feed: (feed: ArticleFeed): Where =>
    operation(feed.kind === "following" ? "getArticlesFeed" : "getArticles", { query: feedQuery(feed) }),
  followingFeed: operation("getArticlesFeed"),
  articles: operation("getArticle"),
  article: (slug: string): Where => operation("getArticle", { path: { slug } }),
  comments: (slug: string): Where => operation("getArticleComments", { path: { slug } }),
  profile: (username: string): Where => operation("getProfileByUsername", { path: { username } }),
  tags: operation("getTags"),
  /** Lists and article pages: what a favorite changes. */
  listsAndArticles: anyOf(operation("getArticle"), operation("getArticles"), operation("getArticlesFeed")),
};

/** Query filters for `where` (invalidateQueries, cancelQueries, removeQueries, ...). */
export const matching = (test: Where) => ({ predicate: (query: Query) => test(query.queryKey) });

// Live edits and loads in flight. An answer that is still on its way may have been read before
// an edit the stream (or a mutation) has just reported, and it would then overwrite the edit
// when it lands. So each load keeps the edits made to its key while it was in flight, and
// applies them, in order, to the answer before it is stored. Every edit is idempotent (add a
// comment unless its id is there, remove by id, set fields), so an answer that already has an
// edit is not changed by it again: the result is the same whichever came first.

type Edit = (data: never) => unknown;
interface Load {
  readonly key: QueryKey;
  readonly edits: Edit[];
}
const loadsOf = new WeakMap<QueryClient, Set<Load>>();

/** Run `load` (a query function for `key`) and give back its answer with every edit made to
 * `key` while it was in flight applied to it. */
export async function loadWithEdits<T>(client: QueryClient, key: QueryKey, load: () => Promise<T>): Promise<T> {
  let loads = loadsOf.get(client);
  if (!loads) loadsOf.set(client, (loads = new Set()));
  const entry: Load = { key, edits: [] };
  loads.add(entry);
  try {
    let data: T = await load();
    for (const edit of entry.edits) data = (edit as (data: T) => T)(data);
    return data;
  } finally {
    loads.delete(entry);
  }
}

/** Apply `edit` to every cached answer `where` picks (none is created), and to every answer
 * it picks still loading, when it arrives. */
function editQueries<T>(client: QueryClient, test: Where, edit: (data: T) => T): void {
  client.setQueriesData<T>(matching(test), (data) => (data === undefined ? data : edit(data)));
  for (const load of loadsOf.get(client) ?? []) {
    if (test(load.key)) load.edits.push(edit);
  }
}

/** The same query key with another path (an article that got a new slug). */
function movedKey(key: QueryKey, path: object): QueryKey {
  const [first, ...rest] = key;
  return [{ ...(first as object), path }, ...rest];
}

type ArticleFields = Pick<ArticlePreview, "favorited" | "favoritesCount" | "author">;
type ArticlePatch = (article: ArticleFields) => Partial<ArticleFields>;

/** Apply `patch` to the article `slug` wherever it is cached (lists and its own page). */
export function patchArticle(client: QueryClient, slug: string, patch: ArticlePatch): void {
  editQueries<ArticlePage>(client, where.articleLists, (page) => ({
    ...page,
    articles: page.articles.map((a) => (a.slug === slug ? { ...a, ...patch(a) } : a)),
  }));
  editQueries<SingleArticleResponse>(client, where.article(slug), (data) => ({
    article: { ...data.article, ...patch(data.article) },
  }));
}

/** Replace the cached article `slug` (e.g. with the server's answer to a favorite). */
export function storeArticle(client: QueryClient, article: ArticleFields & { slug: string }): void {
  const { favorited, favoritesCount, author } = article;
  patchArticle(client, article.slug, () => ({ favorited, favoritesCount, author }));
}

/** The answer to a create or an update: its page's cache, under its (maybe new) slug. */
export function saveArticle(
  client: QueryClient,
  api: ApiClient,
  previousSlug: string | undefined,
  article: Article,
): void {
  if (previousSlug && previousSlug !== article.slug) client.removeQueries(matching(where.article(previousSlug)));
  client.setQueryData<SingleArticleResponse>(getArticleQueryKey({ client: api, path: { slug: article.slug } }), {
    article,
  });
  void client.invalidateQueries({ ...matching(where.articleLists), refetchType: "none" });
  void client.invalidateQueries({ ...matching(where.tags), refetchType: "none" });
}

/** Forget the article `slug` (deleted): gone from every cached list and its own page; lists and
 * tags load again when next shown. */
export function removeArticle(client: QueryClient, slug: string): void {
  removeFromLists(client, slug);
  client.removeQueries(matching(where.article(slug)));
  client.removeQueries(matching(where.comments(slug)));
  void client.invalidateQueries({ ...matching(where.articleLists), refetchType: "none" });
  void client.invalidateQueries({ ...matching(where.tags), refetchType: "none" });
}

/** Take the article `slug` out of every cached list (its own page may still show it). */
export function removeFromLists(client: QueryClient, slug: string): void {
  editQueries<ArticlePage>(client, where.articleLists, (page) =>
    page.articles.some((a) => a.slug === slug)
      ? { articles: page.articles.filter((a) => a.slug !== slug), articlesCount: page.articlesCount - 1 }
      : page,
  );
}

/** Someone else's edit (a live event): the article's public fields, and its slug when the
 * title gave it a new one, wherever it is cached. Who the reader is (favorited, following)
 * stays as it was. The body is not in the event: its page refetches it. */
export function reviseArticle(client: QueryClient, previousSlug: string, article: ArticlePreview): void {
  const { slug, title, description, tagList, updatedAt, favoritesCount } = article;
  const fields = { slug, title, description, tagList, updatedAt, favoritesCount };
  editQueries<ArticlePage>(client, where.articleLists, (page) =>
    page.articles.some((a) => a.slug === previousSlug)
      ? { ...page, articles: page.articles.map((a) => (a.slug === previousSlug ? { ...a, ...fields } : a)) }
      : page,
  );
  for (const [key, cached] of client.getQueriesData<SingleArticleResponse>(matching(where.article(previousSlug)))) {
    if (cached) client.setQueryData(movedKey(key, { slug }), { article: { ...cached.article, ...fields } });
  }
  if (slug !== previousSlug) {
    for (const [key, comments] of client.getQueriesData<Comments>(matching(where.comments(previousSlug)))) {
      if (comments) client.setQueryData(movedKey(key, { slug }), comments);
    }
  }
}

/** Load the article `slug` and its comments again (the body of an edit is not in its event;
 * after a `reset` what was missed is unknown). */
export function refetchArticle(client: QueryClient, slug: string, withComments = false): void {
  void client.invalidateQueries(matching(where.article(slug)));
  if (withComments) void client.invalidateQueries(matching(where.comments(slug)));
}

/** Load every page of `feed` again (after a `reset`, or to show what is new). */
export function refetchFeed(client: QueryClient, feed: ArticleFeed): void {
  void client.invalidateQueries(matching(where.feed(feed)));
}

/** Set `following` on the profile `username` everywhere: its profile and every article by it. */
export function patchFollowing(client: QueryClient, username: string, following: boolean): void {
  client.setQueriesData<{ profile: Profile }>(matching(where.profile(username)), (data) =>
    data ? { profile: { ...data.profile, following } } : data,
  );
  const byAuthor = (a: ArticleFields): Partial<ArticleFields> =>
    a.author.username === username ? { author: { ...a.author, following } } : {};
  client.setQueriesData<ArticlePage>(matching(where.articleLists), (page) =>
    page ? { ...page, articles: page.articles.map((a) => ({ ...a, ...byAuthor(a) })) } : page,
  );
  client.setQueriesData<SingleArticleResponse>(matching(where.articles), (data) =>
    data ? { article: { ...data.article, ...byAuthor(data.article) } } : data,
  );
}

/** After a follow or unfollow: "Your Feed" changes with whom you follow. */
export function followingChanged(client: QueryClient): void {
  void client.invalidateQueries(matching(where.followingFeed));
}

/** After a favorite: it moves the article in and out of "Favorited Articles" lists. */
export function favoritesChanged(client: QueryClient): void {
  void client.invalidateQueries({ ...matching(where.articleLists), refetchType: "none" });
}

type Comments = MultipleCommentsResponse;

/** Add a comment to the list of `slug` (newest first, as the API lists them): our own, just
 * posted, so a list still loading gets it too. */
export function addComment(client: QueryClient, api: ApiClient, slug: string, comment: Comment): void {
  editQueries<Comments>(client, where.comments(slug), (data) => ({
    comments: [comment, ...data.comments.filter((c) => c.id !== comment.id)],
  }));
  const key = getArticleCommentsQueryKey({ client: api, path: { slug } });
  if (client.getQueryData(key) === undefined) client.setQueryData<Comments>(key, { comments: [comment] });
}

/** Someone's new comment (a live event): added to the list of `slug` unless already there
 * (the author's own tab added it when the API answered; a list loaded after it has it). */
export function receiveComment(client: QueryClient, slug: string, comment: Comment): void {
  editQueries<Comments>(client, where.comments(slug), (data) =>
    data.comments.some((c) => c.id === comment.id) ? data : { comments: [comment, ...data.comments] },
  );
}

export function removeComment(client: QueryClient, slug: string, id: number): void {
  editQueries<Comments>(client, where.comments(slug), (data) =>
    data.comments.some((c) => c.id === id) ? { comments: data.comments.filter((c) => c.id !== id) } : data,
  );
}
