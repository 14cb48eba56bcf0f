import { Link } from "react-router";
import type { ArticleFeed } from "../api/cache";
import { PAGE_SIZE, useArticleList } from "../api/queries";
import { ArticlePreview } from "./ArticlePreview";
import { Pagination } from "./Pagination";
import { LoadError } from "./QueryState";

/** A page of articles with its pagination; loading, error and empty states included. */
export function ArticleList({ feed, page }: { feed: ArticleFeed; page: number }) {
  const query = useArticleList(feed, page);
  const { data, isPending, isError } = query;
  if (isPending) return <div className="feed-message">Loading articles...</div>;
  if (isError) {
    // Still the list's place (`.empty-feed-message`): the page keeps its shape, with a retry.
    return (
      <LoadError
        className="empty-feed-message"
        what="articles"
        error={query.error}
        retry={() => void query.refetch()}
      />
    );
  }
  if (data.articles.length === 0) {
    return (
      <div className="empty-feed-message">
        No articles are here... yet.
        {feed.kind === "following" && (
          <>
            {" "}
            Your feed is empty: follow some authors to see their articles here, or <Link to="/">see all articles</Link>.
          </>
        )}
      </div>
    );
  }
  const pages = Math.ceil(data.articlesCount / PAGE_SIZE);
  return (
    <div>
      {data.articles.map((article) => (
        <ArticlePreview key={article.slug} article={article} />
      ))}
      <Pagination page={page} pages={pages} />
    </div>
  );
}
