// Query keys and cache edits in one place. Every article list, article, profile and comment
// list the UI shows lives under these keys, so a change from anywhere (a mutation here, a live
// event later) updates every view of it by calling the same helpers.
import { partialMatchKey, type QueryClient, type QueryKey } from "@tanstack/react-query";
import type { Schemas } from "./client";

export type Article = Schemas["Article"];
export type ArticlePreview = Schemas["ArticlePreview"];
export type ArticlePage = Schemas["MultipleArticlesResponse"];
export type Comment = Schemas["Comment"];
export type Profile = Schemas["Profile"];

/** Which articles a list shows. `following` is "Your Feed"; the rest filter the global list. */
export type ArticleFeed =
  | { readonly kind: "following" }
  | {
      readonly kind: "global";
      readonly tag?: string;
      readonly author?: string;
      readonly favorited?: string;
    };

export const queryKeys = {
  articles: ["articles"] as const,
  articleLists: ["articles", "list"] as const,
  articleList: (feed: ArticleFeed, page: number) => ["articles", "list", feed, page] as const,
  followingFeed: ["articles", "list", { kind: "following" }] as const,
  article: (slug: string) => ["articles", "detail", slug] as const,
  comments: (slug: string) => ["comments", slug] as const,
  profiles: ["profiles"] as const,
  profile: (username: string) => ["profiles", username] as const,
  tags: ["tags"] as const,
};

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

/** Apply `edit` to every cached answer under `prefix` (none is created), and to every answer
 * under it still loading, when it arrives. */
function editQueries<T>(client: QueryClient, prefix: QueryKey, edit: (data: T) => T): void {
  client.setQueriesData<T>({ queryKey: prefix }, (data) => (data === undefined ? data : edit(data)));
  for (const load of loadsOf.get(client) ?? []) {
    if (partialMatchKey(load.key, prefix)) load.edits.push(edit as Edit);
  }
}

type ArticleFields = Pick<ArticlePreview, "favorited" | "favoritesCount" | "author">;
type ArticlePatch = (article: ArticleFields) => Partial<ArticleFields>;

/** Apply `patch` to the article `slug` wherever it is cached (lists and its own page). */
export function patchArticle(client: QueryClient, slug: string, patch: ArticlePatch): void {
  editQueries<ArticlePage>(client, queryKeys.articleLists, (page) => ({
    ...page,
    articles: page.articles.map((a) => (a.slug === slug ? { ...a, ...patch(a) } : a)),
  }));
  editQueries<{ article: Article }>(client, queryKeys.article(slug), (data) => ({
    article: { ...data.article, ...patch(data.article) },
  }));
}

/** Replace the cached article `slug` (e.g. with the server's answer to a favorite). */
export function storeArticle(client: QueryClient, article: ArticleFields & { slug: string }): void {
  const { favorited, favoritesCount, author } = article;
  patchArticle(client, article.slug, () => ({ favorited, favoritesCount, author }));
}

/** Forget the article `slug` (deleted): gone from every cached list and its own page. */
export function removeArticle(client: QueryClient, slug: string): void {
  removeFromLists(client, slug);
  client.removeQueries({ queryKey: queryKeys.article(slug) });
  client.removeQueries({ queryKey: queryKeys.comments(slug) });
}

/** Take the article `slug` out of every cached list (its own page may still show it). */
export function removeFromLists(client: QueryClient, slug: string): void {
  editQueries<ArticlePage>(client, queryKeys.articleLists, (page) =>
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
  editQueries<ArticlePage>(client, queryKeys.articleLists, (page) =>
    page.articles.some((a) => a.slug === previousSlug)
      ? { ...page, articles: page.articles.map((a) => (a.slug === previousSlug ? { ...a, ...fields } : a)) }
      : page,
  );
  const cached = client.getQueryData<{ article: Article }>(queryKeys.article(previousSlug));
  if (cached) client.setQueryData(queryKeys.article(slug), { article: { ...cached.article, ...fields } });
  if (slug !== previousSlug) {
    const comments = client.getQueryData<{ comments: Comment[] }>(queryKeys.comments(previousSlug));
    if (comments) client.setQueryData(queryKeys.comments(slug), comments);
  }
}

/** Set `following` on the profile `username` everywhere: its profile and every article by it. */
export function patchFollowing(client: QueryClient, username: string, following: boolean): void {
  client.setQueryData<{ profile: Profile }>(queryKeys.profile(username), (data) =>
    data ? { profile: { ...data.profile, following } } : data,
  );
  const byAuthor = (a: ArticleFields): Partial<ArticleFields> =>
    a.author.username === username ? { author: { ...a.author, following } } : {};
  client.setQueriesData<ArticlePage>({ queryKey: queryKeys.articleLists }, (page) =>
    page ? { ...page, articles: page.articles.map((a) => ({ ...a, ...byAuthor(a) })) } : page,
  );
  client.setQueriesData<{ article: Article }>({ queryKey: ["articles", "detail"] }, (data) =>
    data ? { article: { ...data.article, ...byAuthor(data.article) } } : data,
  );
}

type Comments = { comments: Comment[] };

/** Add a comment to the list of `slug` (newest first, as the API lists them): our own, just
 * posted, so a list still loading gets it too. */
export function addComment(client: QueryClient, slug: string, comment: Comment): void {
  const key = queryKeys.comments(slug);
  editQueries<Comments>(client, key, (data) => ({
    comments: [comment, ...data.comments.filter((c) => c.id !== comment.id)],
  }));
  if (client.getQueryData(key) === undefined) client.setQueryData<Comments>(key, { comments: [comment] });
}

/** Someone's new comment (a live event): added to the list of `slug` unless already there
 * (the author's own tab added it when the API answered; a list loaded after it has it). */
export function receiveComment(client: QueryClient, slug: string, comment: Comment): void {
  editQueries<Comments>(client, queryKeys.comments(slug), (data) =>
    data.comments.some((c) => c.id === comment.id) ? data : { comments: [comment, ...data.comments] },
  );
}

export function removeComment(client: QueryClient, slug: string, id: number): void {
  editQueries<Comments>(client, queryKeys.comments(slug), (data) =>
    data.comments.some((c) => c.id === id) ? { comments: data.comments.filter((c) => c.id !== id) } : data,
  );
}
