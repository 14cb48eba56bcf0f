import { Link } from "react-router";
import type { ArticlePreview as Preview } from "../api/cache";
import { ArticleMeta } from "./ArticleMeta";
import { FavoriteButton } from "./FavoriteButton";
import { TagList } from "./TagList";

export function articlePath(slug: string): string {
  return `/article/${encodeURIComponent(slug)}`;
}

export function ArticlePreview({ article }: { article: Preview }) {
  return (
    <div className="article-preview">
      <ArticleMeta author={article.author} createdAt={article.createdAt}>
        <FavoriteButton article={article} variant="preview" />
      </ArticleMeta>
      <Link to={articlePath(article.slug)} className="preview-link">
        <h1>{article.title}</h1>
        <p>{article.description}</p>
        <span>Read more...</span>
        <TagList tags={article.tagList} />
      </Link>
    </div>
  );
}
