import type { ArticlePreview } from "../api/cache";
import { useFavorite } from "../api/queries";
import { useSignedInOrRedirect } from "../app/useSignedIn";

type Favoritable = Pick<ArticlePreview, "slug" | "favorited" | "favoritesCount">;

/** `button.btn-outline-primary` when not favorited, `button.btn-primary` when favorited.
 * In a list it shows the count; on the article page it says what it does. */
export function FavoriteButton({ article, variant }: { article: Favoritable; variant: "preview" | "article" }) {
  const favorite = useFavorite();
  const signedIn = useSignedInOrRedirect();
  const { slug, favorited, favoritesCount } = article;
  const tone = favorited ? "btn-primary" : "btn-outline-primary";
  const onClick = () => {
    if (signedIn()) favorite.mutate({ slug, favorite: !favorited });
  };
  if (variant === "preview") {
    return (
      <button
        type="button"
        className={`btn btn-sm ${tone} pull-xs-right`}
        onClick={onClick}
        aria-pressed={favorited}
        aria-label={`${favorited ? "Unfavorite" : "Favorite"} article (${favoritesCount})`}
      >
        <i className="ion-heart" aria-hidden="true" />
        <span className="counter">{favoritesCount}</span>
      </button>
    );
  }
  return (
    <button type="button" className={`btn btn-sm ${tone}`} onClick={onClick} aria-pressed={favorited}>
      <i className="ion-heart" aria-hidden="true" />
      {favorited ? "Unfavorite" : "Favorite"} Article <span className="counter">({favoritesCount})</span>
    </button>
  );
}
