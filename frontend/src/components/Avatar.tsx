import type { SyntheticEvent } from "react";

/** Served by the app (frontend/public): shown for a user without an image. */
export const DEFAULT_AVATAR = "/default-avatar.svg";

/** An image that cannot load (a dead link, no internet) shows the default avatar through
 * `srcset`, which the browser prefers to `src`: the `src` attribute keeps naming the user's
 * image, so what the page says about the user stays true. */
function fallBack(event: SyntheticEvent<HTMLImageElement>) {
  const img = event.currentTarget;
  if (!img.srcset) img.srcset = DEFAULT_AVATAR;
}

export function Avatar({
  image,
  className,
  alt = "",
}: {
  image: string | null | undefined;
  className?: string;
  alt?: string;
}) {
  const src = image || DEFAULT_AVATAR;
  // Keyed by the URL: a new image gets a fresh element, without a fallback left from the old.
  return <img key={src} src={src} className={className} alt={alt} onError={fallBack} />;
}
