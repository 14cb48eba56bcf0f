"""Reads of profiles: a user as another user (the viewer) sees them."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef

from core.domain.auth import Viewer, viewer_check, viewer_token_state
from core.domain.errors import NotFound
from core.domain.models import Follow, User
from core.domain.sql import TOKEN_STATE


@dataclass(frozen=True, slots=True)
class ProfileView:
    username: str
    bio: str | None
    image: str | None
    following: bool


def author_view(row: Any) -> ProfileView:
    """The author of a row of a hand-written read (core.domain.sql: its columns author_username,
    author_bio, author_image and following; SQLite gives the flag as 0 or 1)."""
    return ProfileView(
        username=row.author_username,
        bio=row.author_bio,
        image=row.author_image,
        following=bool(row.following),
    )


async def profile_get(*, username: str, viewer: Viewer | None) -> ProfileView:
    """The profile named `username` (exact match), with `following` set. One query, token
    included."""
    users = User.objects.filter(username=username)
    columns: tuple[str, ...]
    if viewer is not None:
        follows = Follow.objects.filter(follower_id=viewer.id, followee_id=OuterRef("pk"))
        users = users.annotate(
            following=Exists(follows), **{TOKEN_STATE: viewer_token_state(viewer)}
        )
        columns = ("username", "bio", "image", "following", TOKEN_STATE)
    else:
        columns = ("username", "bio", "image")
    row = await users.values_list(*columns, named=True).afirst()
    await viewer_check(viewer, [row] if row else [])
    if row is None:
        raise NotFound("profile")
    return ProfileView(
        username=row.username,
        bio=row.bio,
        image=row.image,
        following=viewer is not None and row.following,
    )
