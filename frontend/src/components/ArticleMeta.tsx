import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Profile } from "../api/cache";
import { formatDate } from "../lib/format";
import { Avatar } from "./Avatar";

export function profilePath(username: string): string {
  return `/profile/${encodeURIComponent(username)}`;
}

/** `div.article-meta`: avatar, `a.author`, date, then whatever actions the page adds. */
export function ArticleMeta({
  author,
  createdAt,
  children,
}: {
  author: Profile;
  createdAt: string;
  children?: ReactNode;
}) {
  const to = profilePath(author.username);
  return (
    <div className="article-meta">
      <Link to={to}>
        <Avatar image={author.image} alt={author.username} />
      </Link>
      <div className="info">
        <Link to={to} className="author">
          {author.username}
        </Link>
        <span className="date">{formatDate(createdAt)}</span>
      </div>
      {children}
    </div>
  );
}
