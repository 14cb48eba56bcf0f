import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import {
  patchArticle,
  receiveComment,
  refetchArticle,
  removeComment,
  removeFromLists,
  reviseArticle,
  type Article,
  type Comment,
} from "../api/cache";
import { useArticle, useComments, useDeleteArticle, useDeleteComment, usePostComment } from "../api/queries";
import { useSession } from "../app/services";
import type { User } from "../auth/session";
import { ArticleMeta, profilePath } from "../components/ArticleMeta";
import { articlePath } from "../components/ArticlePreview";
import { Avatar } from "../components/Avatar";
import { ErrorList } from "../components/ErrorList";
import { FavoriteButton } from "../components/FavoriteButton";
import { FollowButton } from "../components/FollowButton";
import { Markdown } from "../components/Markdown";
import { LoadError, Loading, PageState } from "../components/QueryState";
import { TagList } from "../components/TagList";
import { formatDate } from "../lib/format";
import { withReturn } from "../lib/returnTo";
import { useLiveEvents } from "../live/useLiveEvents";

export default function ArticlePage() {
  const { slug = "" } = useParams();
  const query = useArticle(slug);
  const deleted = useLiveArticle(slug);
  if (query.isPending || query.isError) {
    return <PageState page="article-page" what="the article" missing="Article not found" query={query} />;
  }
  return <ArticleView article={query.data.article} deleted={deleted} />;
}

/** Keep the article `slug` current while it is open: new and deleted comments, the favorites
 * count, edits (a new slug moves the page to it). True once it has been deleted. */
function useLiveArticle(slug: string): boolean {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [deletedSlug, setDeletedSlug] = useState<string | null>(null);
  useLiveEvents(slug ? [`article:${slug}`] : null, {
    "comment.created": (event) => receiveComment(client, event.slug, event.comment),
    "comment.deleted": (event) => removeComment(client, event.slug, event.id),
    "article.favorites": ({ slug: at, favoritesCount }) => patchArticle(client, at, () => ({ favoritesCount })),
    "article.updated": ({ article }) => {
      reviseArticle(client, slug, article);
      refetchArticle(client, article.slug); // the body is not in the event
      if (article.slug !== slug) void navigate(articlePath(article.slug), { replace: true });
    },
    "article.deleted": () => {
      setDeletedSlug(slug);
      removeFromLists(client, slug);
    },
    reset: () => refetchArticle(client, slug, true),
    // Not sent on an article's topic.
    "article.created": "ignored",
    "profile.followed": "ignored",
    "profile.unfollowed": "ignored",
  });
  return deletedSlug === slug;
}

function ArticleView({ article, deleted }: { article: Article; deleted: boolean }) {
  const { user } = useSession();
  return (
    <div className="article-page">
      <div className="banner">
        <div className="container">
          <h1>{article.title}</h1>
          <ArticleMeta author={article.author} createdAt={article.createdAt}>
            {!deleted && <ArticleActions article={article} user={user} />}
          </ArticleMeta>
        </div>
      </div>
      <div className="container page">
        {deleted && (
          <div className="article-deleted" role="status">
            This article has been deleted. <Link to="/">Back to the articles</Link>
          </div>
        )}
        <div className="row">
          <div className="col-xs-12 col-md-12">
            <Markdown className="article-content" source={article.body} />
            <TagList tags={article.tagList} />
          </div>
        </div>
        <hr />
        <div className="row">
          <div className="col-xs-12 col-md-8 offset-md-2">
            <Comments slug={article.slug} user={deleted ? null : user} closed={deleted} />
          </div>
        </div>
      </div>
    </div>
  );
}

function ArticleActions({ article, user }: { article: Article; user: User | null }) {
  const navigate = useNavigate();
  const remove = useDeleteArticle();
  if (user?.username === article.author.username) {
    return (
      <span>
        <Link className="btn btn-sm btn-outline-secondary" to={`/editor/${encodeURIComponent(article.slug)}`}>
          <i className="ion-edit" aria-hidden="true" />
          Edit Article
        </Link>{" "}
        <button
          type="button"
          className="btn btn-sm btn-outline-danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(article.slug, { onSuccess: () => void navigate("/") })}
        >
          <i className="ion-trash-a" aria-hidden="true" />
          Delete Article
        </button>
        <ErrorList error={remove.error} />
      </span>
    );
  }
  return (
    <span>
      <FollowButton profile={article.author} /> <FavoriteButton article={article} variant="article" />
    </span>
  );
}

function Comments({ slug, user, closed }: { slug: string; user: User | null; closed: boolean }) {
  const query = useComments(slug);
  return (
    <>
      {closed ? null : user ? (
        <CommentForm slug={slug} user={user} />
      ) : (
        // The page contract: the navbar's "Sign in" is the page's one a[href="/login"]. This
        // invitation brings the reader back here afterwards, worded apart from the navbar's.
        <p className="comment-invite">
          <Link to={withReturn("/login", articlePath(slug))}>Log in</Link> or{" "}
          <Link to={withReturn("/register", articlePath(slug))}>create an account</Link> to add comments on this
          article.
        </p>
      )}
      {query.isPending ? (
        <Loading what="comments" />
      ) : query.isError ? (
        <LoadError what="comments" error={query.error} retry={() => void query.refetch()} />
      ) : (
        query.data.comments.map((comment) => (
          <CommentCard
            key={comment.id}
            slug={slug}
            comment={comment}
            mine={comment.author.username === user?.username}
          />
        ))
      )}
    </>
  );
}

function CommentForm({ slug, user }: { slug: string; user: User }) {
  const [body, setBody] = useState("");
  const post = usePostComment(slug);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    post.mutate(body, { onSuccess: () => setBody("") });
  };
  return (
    <>
      <ErrorList error={post.error} />
      <form className="card comment-form" onSubmit={onSubmit} noValidate>
        <div className="card-block">
          <textarea
            className="form-control"
            name="comment"
            placeholder="Write a comment..."
            rows={3}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        </div>
        <div className="card-footer">
          <Avatar image={user.image} className="comment-author-img" alt={user.username} />
          <button className="btn btn-sm btn-primary" type="submit" disabled={post.isPending}>
            Post Comment
          </button>
        </div>
      </form>
    </>
  );
}

function CommentCard({ slug, comment, mine }: { slug: string; comment: Comment; mine: boolean }) {
  const remove = useDeleteComment(slug);
  const to = profilePath(comment.author.username);
  const onDelete = () => {
    if (!remove.isPending) remove.mutate(comment);
  };
  return (
    <div className="card">
      <div className="card-block">
        <p className="card-text">{comment.body}</p>
      </div>
      <div className="card-footer">
        <Link to={to} className="comment-author">
          <Avatar image={comment.author.image} className="comment-author-img" alt={comment.author.username} />
        </Link>{" "}
        <Link to={to} className="comment-author">
          {comment.author.username}
        </Link>
        <span className="date-posted">{formatDate(comment.createdAt)}</span>
        {mine && (
          <span className="mod-options">
            <i
              className="ion-trash-a"
              role="button"
              tabIndex={0}
              aria-label="Delete comment"
              onClick={onDelete}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  onDelete();
                }
              }}
            />
          </span>
        )}
      </div>
      {remove.isError && <ErrorList error={remove.error} />}
    </div>
  );
}
