import { Link, useParams, useSearchParams } from "react-router";
import { useProfile } from "../api/queries";
import { useSession } from "../app/services";
import { ArticleList } from "../components/ArticleList";
import { profilePath } from "../components/ArticleMeta";
import { Avatar } from "../components/Avatar";
import { FollowButton } from "../components/FollowButton";
import { PageState } from "../components/QueryState";
import { Tab } from "../components/Tab";
import { pageFrom } from "../lib/format";

/** `/profile/:username` (their articles) and `/profile/:username/favorites`. */
export function ProfilePage({ tab }: { tab: "articles" | "favorites" }) {
  // "@name" is how some Conduit clients link profiles: accept it too.
  const username = (useParams().username ?? "").replace(/^@/, "");
  const [params] = useSearchParams();
  const page = pageFrom(params.get("page"));
  const { user } = useSession();
  const query = useProfile(username);

  if (query.isPending || query.isError) {
    return <PageState page="profile-page" what="the profile" missing="No such user" query={query} />;
  }

  const { profile } = query.data;
  const base = profilePath(profile.username);
  return (
    <div className="profile-page">
      <div className="user-info">
        <div className="container">
          <div className="row">
            <div className="col-xs-12 col-md-10 offset-md-1">
              <Avatar image={profile.image} className="user-img" alt={profile.username} />
              <h4>{profile.username}</h4>
              <p>{profile.bio}</p>
              {user?.username === profile.username ? (
                <Link className="btn btn-sm btn-outline-secondary action-btn" to="/settings">
                  <i className="ion-gear-a" aria-hidden="true" />
                  Edit Profile Settings
                </Link>
              ) : (
                <FollowButton profile={profile} className="action-btn" />
              )}
            </div>
          </div>
        </div>
      </div>
      <div className="container">
        <div className="row">
          <div className="col-xs-12 col-md-10 offset-md-1">
            <div className="articles-toggle">
              <ul className="nav nav-pills outline-active">
                <Tab to={base} active={tab === "articles"}>
                  My Articles
                </Tab>
                <Tab to={`${base}/favorites`} active={tab === "favorites"}>
                  Favorited Articles
                </Tab>
              </ul>
            </div>
            <ArticleList
              feed={
                tab === "articles"
                  ? { kind: "global", author: profile.username }
                  : { kind: "global", favorited: profile.username }
              }
              page={page}
            />
          </div>
        </div>
      </div>
    </div>
  );
}
