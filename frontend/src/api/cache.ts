// Query keys and cache edits in one place. Every article list, article, profile and comment
// list the UI shows lives under these keys, so a change from anywhere (a mutation here, a live
// event later) updates every view of it by calling the same helpers.
import type { QueryClient } from "@tanstack/react-query";
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

type ArticleFields = Pick<ArticlePreview, "favorited" | "favoritesCount" | "author">;
type ArticlePatch = (article: ArticleFields) => Partial<ArticleFields>;

/** Apply `patch` to the article `slug` wherever it is cached (lists and its own page). */
export function patchArticle(client: QueryClient, slug: string, patch: ArticlePatch): void {
  client.setQueriesData<ArticlePage>({ queryKey: queryKeys.articleLists }, (page) =>
    page
      ? {
          ...page,
          articles: page.articles.map((a) => (a.slug === slug ? { ...a, ...patch(a) } : a)),
        }
      : page,
  );
  client.setQueryData<{ article: Article }>(queryKeys.article(slug), (data) =>
    data ? { article: { ...data.article, ...patch(data.article) } } : data,
  );
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
  client.setQueriesData<ArticlePage>({ queryKey: queryKeys.articleLists }, (page) =>
    page?.articles.some((a) => a.slug === slug)
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
  client.setQueriesData<ArticlePage>({ queryKey: queryKeys.articleLists }, (page) =>
    page?.articles.some((a) => a.slug === previousSlug)
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

/** Add a comment to the cached list of `slug` (newest first, as the API lists them). */
export function addComment(client: QueryClient, slug: string, comment: Comment): void {
  client.setQueryData<{ comments: Comment[] }>(queryKeys.comments(slug), (data) =>
    data
      ? { comments: [comment, ...data.comments.filter((c) => c.id !== comment.id)] }
      : { comments: [comment] },
  );
}

/** A live event arrived for the comments of `slug` while their list is still loading (or
 * reloading): that answer may predate the event, so load the list again instead. True when it
 * did, and the event needs no other handling. */
function reloadIfInFlight(client: QueryClient, slug: string): boolean {
  const queryKey = queryKeys.comments(slug);
  if (client.getQueryData(queryKey) !== undefined && client.isFetching({ queryKey }) === 0) return false;
  void client.invalidateQueries({ queryKey });
  return true;
}

/** Someone's new comment (a live event): added to the loaded list of `slug` unless already
 * there (the author's own tab added it when the API answered). */
export function receiveComment(client: QueryClient, slug: string, comment: Comment): void {
  if (reloadIfInFlight(client, slug)) return;
  client.setQueryData<{ comments: Comment[] }>(queryKeys.comments(slug), (data) =>
    data && !data.comments.some((c) => c.id === comment.id) ? { comments: [comment, ...data.comments] } : data,
  );
}

export function removeComment(client: QueryClient, slug: string, id: number): void {
  if (reloadIfInFlight(client, slug)) return;
  client.setQueryData<{ comments: Comment[] }>(queryKeys.comments(slug), (data) =>
    data ? { comments: data.comments.filter((c) => c.id !== id) } : data,
  );
}
