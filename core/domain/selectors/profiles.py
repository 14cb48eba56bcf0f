"""Reads of profiles: a user as another user (the viewer) sees them."""

from dataclasses import dataclass

from django.db.models import CharField, Exists, OuterRef, Subquery, Value

from core.domain.auth import Viewer, token_state_of, viewer_check
from core.domain.errors import NotFound
from core.domain.models import Follow, User


@dataclass(frozen=True, slots=True)
class ProfileView:
    username: str
    bio: str | None
    image: str | None
    following: bool


def following_flag(viewer: Viewer | None, followee_ref: str) -> Exists | Value:
    """`True` where the viewer follows the user that `followee_ref` points at."""
    if viewer is None:
        return Value(False)
    return Exists(Follow.objects.filter(follower_id=viewer.id, followee_id=OuterRef(followee_ref)))


def viewer_token_state(viewer: Viewer | None) -> Subquery | Value:
    """The column a viewer-aware read selects to check the viewer's token (core.domain.auth.Viewer)."""
    return token_state_of(viewer) if viewer else Value(None, output_field=CharField())


async def profile_get(*, username: str, viewer: Viewer | None) -> ProfileView:
    """The profile named `username` (exact match), with `following` set. One query."""
    row = (
        await User.objects.filter(username=username)
        .annotate(
            following=following_flag(viewer, "pk"), viewer_token_state=viewer_token_state(viewer)
        )
        .values_list("username", "bio", "image", "following", "viewer_token_state")
        .afirst()
    )
    await viewer_check(viewer, [row[-1]] if row else [])
    if row is None:
        raise NotFound("profile")
    username, bio, image, following, _ = row
    return ProfileView(username=username, bio=bio, image=image, following=following)
