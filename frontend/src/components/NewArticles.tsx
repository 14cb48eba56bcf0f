import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { patchArticle, refetchFeed, removeFromLists, reviseArticle, type ArticleFeed } from "../api/cache";
import { useArticleList } from "../api/queries";
import { useLiveEvents } from "../live/useLiveEvents";

/** What a feed follows live: Your Feed its own topic, the global list (and a tag) every article. */
function topicsOf(feed: ArticleFeed): string[] | null {
  if (feed.kind === "following") return ["feed"];
  return feed.author || feed.favorited ? null : ["articles"];
}

/**
 * The "N new articles" bar above a feed: articles published since the list was loaded, from
 * the live stream. A click loads them (page 1 of the feed, fetched anew). Meanwhile the list
 * on screen follows edits, deletions and favorite counts as they happen.
 * Give it a `key` per feed: the count belongs to the feed it was made for.
 */
export function NewArticles({ feed, page }: { feed: ArticleFeed; page: number }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [fresh, setFresh] = useState<readonly string[]>([]);
  const first = useArticleList(feed, 1, false); // the cached first page, never fetched from here

  useLiveEvents(topicsOf(feed), {
    "article.created": ({ article }) => {
      if (feed.kind === "global" && feed.tag && !article.tagList.includes(feed.tag)) return;
      setFresh((slugs) => (slugs.includes(article.slug) ? slugs : [...slugs, article.slug]));
    },
    "article.updated": ({ article, previousSlug }) => {
      if (previousSlug) setFresh((slugs) => slugs.map((s) => (s === previousSlug ? article.slug : s)));
      reviseArticle(client, previousSlug ?? article.slug, article);
    },
    "article.deleted": ({ slug }) => {
      setFresh((slugs) => slugs.filter((s) => s !== slug));
      removeFromLists(client, slug);
    },
    "article.favorites": ({ slug, favoritesCount }) => patchArticle(client, slug, () => ({ favoritesCount })),
    reset: () => {
      // What was missed is unknown: load the feed again, which shows whatever is new.
      setFresh([]);
      refetchFeed(client, feed);
    },
    // A feed's list shows no comments or follows.
    "comment.created": "ignored",
    "comment.deleted": "ignored",
    "profile.followed": "ignored",
    "profile.unfollowed": "ignored",
  });

  const show = () => {
    setFresh([]);
    refetchFeed(client, feed);
    if (page !== 1) {
      const first = new URLSearchParams(params);
      first.delete("page");
      void navigate({ search: first.size ? `?${first}` : "" });
    }
  };

  // Not new to the reader once the first page shows it: loaded after it was published (also
  // when that load was already on its way as the event came).
  const count = fresh.filter((slug) => !first.data?.articles.some((a) => a.slug === slug)).length;
  return (
    <div className="new-articles" aria-live="polite">
      {count > 0 && (
        <button type="button" className="new-articles-bar" onClick={show}>
          <i className="ion-arrow-up-c" aria-hidden="true" />
          {count} new {count === 1 ? "article" : "articles"}
        </button>
      )}
    </div>
  );
}
