// Reads and writes as TanStack Query hooks. Reads are the SDK's generated React Query options
// (conduit-sdk/react-query: its query keys and query functions). Mutations update the cache
// through cache.ts, so every view of an article, profile or comment list stays consistent.
import {
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type QueryFunction,
  type QueryFunctionContext,
  type QueryKey,
  type SkipToken,
  type UseQueryOptions,
} from "@tanstack/react-query";
import {
  createArticle,
  createArticleComment,
  createArticleFavorite,
  deleteArticle,
  deleteArticleComment,
  deleteArticleFavorite,
  followUserByUsername,
  unfollowUserByUsername,
  updateArticle,
  type GetArticlesError,
  type NewArticle,
  type UpdateUser,
} from "conduit-sdk";
import {
  getArticleCommentsOptions,
  getArticleOptions,
  getArticlesFeedOptions,
  getArticlesOptions,
  getProfileByUsernameOptions,
  getTagsOptions,
} from "conduit-sdk/react-query";
import { useApi } from "../app/services";
import {
  addComment,
  favoritesChanged,
  feedQuery,
  followingChanged,
  loadWithEdits,
  matching,
  patchArticle,
  patchFollowing,
  removeArticle,
  removeComment,
  saveArticle,
  storeArticle,
  where,
  type ArticleFeed,
  type ArticlePage,
  type Comment,
} from "./cache";

export { PAGE_SIZE } from "./cache";

// Lists, articles and comments change live: their loads go through loadWithEdits (cache.ts),
// so an edit reported while an answer is on its way is not lost when the answer lands.
function withEdits<O extends { queryKey: QueryKey; queryFn?: QueryFunction<unknown, never> | SkipToken }>(
  client: QueryClient,
  options: O,
): O {
  const { queryFn, queryKey } = options;
  if (typeof queryFn !== "function") return options;
  const load = queryFn as (context: QueryFunctionContext) => Promise<unknown>;
  return {
    ...options,
    queryFn: (context: QueryFunctionContext) => loadWithEdits(client, queryKey, () => load(context)),
  };
}

export function useArticleList(feed: ArticleFeed, page: number, enabled = true) {
  const api = useApi();
  const client = useQueryClient();
  const query = feedQuery(feed, page);
  // Your Feed is its own operation; both answer a page of articles (their keys differ in type).
  const options = (
    feed.kind === "following"
      ? getArticlesFeedOptions({ client: api, query })
      : getArticlesOptions({ client: api, query })
  ) as UseQueryOptions<ArticlePage, GetArticlesError, ArticlePage, QueryKey>;
  return useQuery({ ...withEdits(client, options), enabled });
}

export function useArticle(slug: string) {
  const api = useApi();
  return useQuery(withEdits(useQueryClient(), getArticleOptions({ client: api, path: { slug } })));
}

export function useComments(slug: string) {
  const api = useApi();
  return useQuery(withEdits(useQueryClient(), getArticleCommentsOptions({ client: api, path: { slug } })));
}

export function useProfile(username: string) {
  const api = useApi();
  return useQuery(getProfileByUsernameOptions({ client: api, path: { username } }));
}

export function useTags() {
  const api = useApi();
  return useQuery({ ...getTagsOptions({ client: api }), staleTime: 60_000 });
}

// Mutations call the SDK's functions: each picks between two operations (favorite or not) or
// shapes its variables for its form, and keeps its own optimistic update and rollback.

/** Favorite or unfavorite, shown at once everywhere; rolled back if the API refuses. */
export function useFavorite() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ slug, favorite }: { slug: string; favorite: boolean }) => {
      const options = { client: api, path: { slug }, throwOnError: true } as const;
      return (await (favorite ? createArticleFavorite(options) : deleteArticleFavorite(options))).data;
    },
    onMutate: async ({ slug, favorite }) => {
      await client.cancelQueries(matching(where.listsAndArticles));
      patchArticle(client, slug, (a) =>
        a.favorited === favorite ? {} : { favorited: favorite, favoritesCount: a.favoritesCount + (favorite ? 1 : -1) },
      );
    },
    onSuccess: ({ article }) => storeArticle(client, article),
    onError: (_error, { slug, favorite }) =>
      patchArticle(client, slug, (a) =>
        a.favorited !== favorite
          ? {}
          : { favorited: !favorite, favoritesCount: a.favoritesCount + (favorite ? -1 : 1) },
      ),
    onSettled: () => favoritesChanged(client),
  });
}

/** Follow or unfollow, shown at once on the profile and every article by that author. */
export function useFollow() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ username, follow }: { username: string; follow: boolean }) => {
      const options = { client: api, path: { username }, throwOnError: true } as const;
      return (await (follow ? followUserByUsername(options) : unfollowUserByUsername(options))).data;
    },
    onMutate: ({ username, follow }) => patchFollowing(client, username, follow),
    onSuccess: ({ profile }) => patchFollowing(client, profile.username, profile.following),
    onError: (_error, { username, follow }) => patchFollowing(client, username, !follow),
    onSettled: () => followingChanged(client),
  });
}

export function usePostComment(slug: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: string) =>
      (await createArticleComment({ client: api, path: { slug }, body: { comment: { body } }, throwOnError: true }))
        .data,
    onSuccess: ({ comment }) => addComment(client, api, slug, comment),
  });
}

export function useDeleteComment(slug: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (comment: Comment) => {
      await deleteArticleComment({ client: api, path: { slug, id: comment.id }, throwOnError: true });
      return comment;
    },
    onSuccess: (comment) => removeComment(client, slug, comment.id),
  });
}

/** Create (no slug) or update an article; the answer seeds its page's cache. */
export function useSaveArticle(slug: string | undefined) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (article: NewArticle) =>
      (slug
        ? await updateArticle({ client: api, path: { slug }, body: { article }, throwOnError: true })
        : await createArticle({ client: api, body: { article }, throwOnError: true })
      ).data,
    onSuccess: ({ article }) => saveArticle(client, api, slug, article),
  });
}

export function useDeleteArticle() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (slug: string) => {
      await deleteArticle({ client: api, path: { slug }, throwOnError: true });
      return slug;
    },
    onSuccess: (slug) => removeArticle(client, slug),
  });
}

export type UserChanges = UpdateUser;
