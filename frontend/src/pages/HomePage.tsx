import { Link, Navigate, useParams, useSearchParams } from "react-router";
import type { ArticleFeed } from "../api/cache";
import { useTags } from "../api/queries";
import { useSession } from "../app/services";
import { ArticleList } from "../components/ArticleList";
import { NewArticles } from "../components/NewArticles";
import { LoadError } from "../components/QueryState";
import { Tab } from "../components/Tab";
import { pageFrom } from "../lib/format";

/** `/` (Global Feed), `/?feed=following` (Your Feed), `/tag/:tag`; `?page=N` on each. */
export function HomePage() {
  const { tag } = useParams();
  const [params] = useSearchParams();
  const { state } = useSession();
  const page = pageFrom(params.get("page"));
  const following = !tag && params.get("feed") === "following";
  const signedIn = state === "authenticated";

  if (following && state === "unauthenticated") return <Navigate to="/login" replace />;
  const feed: ArticleFeed = following ? { kind: "following" } : tag ? { kind: "global", tag } : { kind: "global" };

  return (
    <div className="home-page">
      <div className="banner">
        <div className="container">
          <h1 className="logo-font">conduit</h1>
          <p>A place to share your knowledge.</p>
        </div>
      </div>
      <div className="container page">
        <div className="row">
          <div className="col-md-9">
            <div className="feed-toggle">
              <ul className="nav nav-pills outline-active">
                {signedIn && (
                  <Tab to="/?feed=following" active={following}>
                    Your Feed
                  </Tab>
                )}
                <Tab to="/" active={!following && !tag}>
                  Global Feed
                </Tab>
                {tag && (
                  <Tab to={`/tag/${encodeURIComponent(tag)}`} active>
                    <i className="ion-pound" aria-hidden="true" />
                    {tag}
                  </Tab>
                )}
              </ul>
            </div>
            {following && state !== "authenticated" ? (
              <div className="feed-message">Loading your feed...</div>
            ) : (
              <>
                <NewArticles key={JSON.stringify(feed)} feed={feed} page={page} />
                <ArticleList feed={feed} page={page} />
              </>
            )}
          </div>
          <div className="col-md-3">
            <PopularTags />
          </div>
        </div>
      </div>
    </div>
  );
}

function PopularTags() {
  const query = useTags();
  return (
    <div className="sidebar">
      <p>Popular Tags</p>
      {query.isPending ? (
        <div className="loading">Loading tags...</div>
      ) : query.isError ? (
        <LoadError what="tags" error={query.error} retry={() => void query.refetch()} />
      ) : query.data.tags.length === 0 ? (
        <div className="loading">No tags are here... yet.</div>
      ) : (
        <div className="tag-list">
          {query.data.tags.map((tag) => (
            <Link key={tag} to={`/tag/${encodeURIComponent(tag)}`} className="tag-pill tag-default">
              {tag}
            </Link>
          ))}
        </div>
      )}
    </div>
  );
}
