import type { Profile } from "../api/cache";
import { useFollow } from "../api/queries";
import { useSignedInOrRedirect } from "../app/useSignedIn";

/** "Follow <username>" / "Unfollow <username>", applied at once. */
export function FollowButton({ profile, className = "" }: { profile: Profile; className?: string }) {
  const follow = useFollow();
  const signedIn = useSignedInOrRedirect();
  const { username, following } = profile;
  return (
    <button
      type="button"
      className={`btn btn-sm ${following ? "btn-secondary" : "btn-outline-secondary"} ${className}`.trim()}
      aria-pressed={following}
      onClick={() => {
        if (signedIn()) follow.mutate({ username, follow: !following });
      }}
    >
      <i className={following ? "ion-minus-round" : "ion-plus-round"} aria-hidden="true" />
      {following ? "Unfollow" : "Follow"} {username}
    </button>
  );
}
