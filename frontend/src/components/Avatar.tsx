import type { SyntheticEvent } from "react";

/** Served by the app (frontend/public): no user image, or one that fails to load. */
export const DEFAULT_AVATAR = "/default-avatar.svg";

function fallBack(event: SyntheticEvent<HTMLImageElement>) {
  const img = event.currentTarget;
  if (!img.src.endsWith(DEFAULT_AVATAR)) img.src = DEFAULT_AVATAR;
}

export function Avatar({ image, className, alt = "" }: { image: string | null | undefined; className?: string; alt?: string }) {
  return <img src={image || DEFAULT_AVATAR} className={className} alt={alt} onError={fallBack} />;
}
