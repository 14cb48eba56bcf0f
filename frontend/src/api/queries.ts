// Reads and writes as TanStack Query hooks over the typed client. Mutations update the cache
// through cache.ts, so every view of an article, profile or comment list stays consistent.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../app/services";
import {
  addComment,
  loadWithEdits,
  patchArticle,
  patchFollowing,
  queryKeys,
  removeArticle,
  removeComment,
  storeArticle,
  type Article,
  type ArticleFeed,
  type ArticlePage,
  type Comment,
} from "./cache";
import { unwrap, type Schemas } from "./client";

export const PAGE_SIZE = 10;

// Lists, articles and comments change live: their loads go through loadWithEdits (cache.ts),
// so an edit reported while an answer is on its way is not lost when the answer lands.

export function useArticleList(feed: ArticleFeed, page: number, enabled = true) {
  const api = useApi();
  const client = useQueryClient();
  const queryKey = queryKeys.articleList(feed, page);
  return useQuery({
    queryKey,
    enabled,
    queryFn: ({ signal }): Promise<ArticlePage> =>
      loadWithEdits(client, queryKey, () => {
        const paging = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
        if (feed.kind === "following") {
          return unwrap(api.GET("/api/articles/feed", { params: { query: paging }, signal }));
        }
        // Filters first, then paging: the query string the reference clients send.
        const { tag, author, favorited } = feed;
        return unwrap(
          api.GET("/api/articles", {
            params: { query: { tag, author, favorited, ...paging } },
            signal,
          }),
        );
      }),
  });
}

export function useArticle(slug: string) {
  const api = useApi();
  const client = useQueryClient();
  const queryKey = queryKeys.article(slug);
  return useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      loadWithEdits(client, queryKey, () =>
        unwrap(api.GET("/api/articles/{slug}", { params: { path: { slug } }, signal })),
      ),
  });
}

export function useComments(slug: string) {
  const api = useApi();
  const client = useQueryClient();
  const queryKey = queryKeys.comments(slug);
  return useQuery({
    queryKey,
    queryFn: ({ signal }) =>
      loadWithEdits(client, queryKey, () =>
        unwrap(api.GET("/api/articles/{slug}/comments", { params: { path: { slug } }, signal })),
      ),
  });
}

export function useProfile(username: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.profile(username),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/profiles/{username}", { params: { path: { username } }, signal })),
  });
}

export function useTags() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.tags,
    staleTime: 60_000,
    queryFn: ({ signal }) => unwrap(api.GET("/api/tags", { signal })),
  });
}

/** Favorite or unfavorite, shown at once everywhere; rolled back if the API refuses. */
export function useFavorite() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ slug, favorite }: { slug: string; favorite: boolean }) => {
      const path = { params: { path: { slug } } };
      return unwrap(
        favorite
          ? api.POST("/api/articles/{slug}/favorite", path)
          : api.DELETE("/api/articles/{slug}/favorite", path),
      );
    },
    onMutate: async ({ slug, favorite }) => {
      await client.cancelQueries({ queryKey: queryKeys.articles });
      patchArticle(client, slug, (a) =>
        a.favorited === favorite
          ? {}
          : { favorited: favorite, favoritesCount: a.favoritesCount + (favorite ? 1 : -1) },
      );
    },
    onSuccess: ({ article }) => storeArticle(client, article),
    onError: (_error, { slug, favorite }) =>
      patchArticle(client, slug, (a) =>
        a.favorited !== favorite
          ? {}
          : { favorited: !favorite, favoritesCount: a.favoritesCount + (favorite ? -1 : 1) },
      ),
    // A favorite moves the article in and out of "Favorited Articles" lists.
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.articleLists, refetchType: "none" }),
  });
}

/** Follow or unfollow, shown at once on the profile and every article by that author. */
export function useFollow() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ username, follow }: { username: string; follow: boolean }) => {
      const path = { params: { path: { username } } };
      return unwrap(
        follow
          ? api.POST("/api/profiles/{username}/follow", path)
          : api.DELETE("/api/profiles/{username}/follow", path),
      );
    },
    onMutate: ({ username, follow }) => patchFollowing(client, username, follow),
    onSuccess: ({ profile }) => patchFollowing(client, profile.username, profile.following),
    onError: (_error, { username, follow }) => patchFollowing(client, username, !follow),
    // "Your Feed" changes with whom you follow.
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.followingFeed }),
  });
}

export function usePostComment(slug: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      unwrap(
        api.POST("/api/articles/{slug}/comments", {
          params: { path: { slug } },
          body: { comment: { body } },
        }),
      ),
    onSuccess: ({ comment }) => addComment(client, slug, comment),
  });
}

export function useDeleteComment(slug: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (comment: Comment) => {
      await unwrap(
        api.DELETE("/api/articles/{slug}/comments/{id}", {
          params: { path: { slug, id: comment.id } },
        }),
      );
      return comment;
    },
    onSuccess: (comment) => removeComment(client, slug, comment.id),
  });
}

type ArticleFields = Schemas["NewArticle"];

/** Create (no slug) or update an article; the answer seeds its page's cache. */
export function useSaveArticle(slug: string | undefined) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (article: ArticleFields) =>
      unwrap(
        slug
          ? api.PUT("/api/articles/{slug}", { params: { path: { slug } }, body: { article } })
          : api.POST("/api/articles", { body: { article } }),
      ),
    onSuccess: ({ article }: { article: Article }) => {
      if (slug && slug !== article.slug) client.removeQueries({ queryKey: queryKeys.article(slug) });
      client.setQueryData(queryKeys.article(article.slug), { article });
      void client.invalidateQueries({ queryKey: queryKeys.articleLists, refetchType: "none" });
      void client.invalidateQueries({ queryKey: queryKeys.tags, refetchType: "none" });
    },
  });
}

export function useDeleteArticle() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (slug: string) => {
      await unwrap(api.DELETE("/api/articles/{slug}", { params: { path: { slug } } }));
      return slug;
    },
    onSuccess: (slug) => {
      removeArticle(client, slug);
      void client.invalidateQueries({ queryKey: queryKeys.articleLists, refetchType: "none" });
      void client.invalidateQueries({ queryKey: queryKeys.tags, refetchType: "none" });
    },
  });
}

export type UserChanges = Schemas["UpdateUser"];
