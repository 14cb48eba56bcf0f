"""Reads of profiles: a user as another user (the viewer) sees them."""

from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async

from core.domain import sql
from core.domain.auth import Viewer, viewer_check
from core.domain.errors import NotFound


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
    params: dict[str, Any] = {"username": username}
    if viewer is not None:
        params["viewer"] = viewer.id
    rows = await _fetch(sql.profile_row(viewer=viewer is not None), params)
    await viewer_check(viewer, rows)
    if not rows:
        raise NotFound("profile")
    [row] = rows
    return ProfileView(
        username=row.username, bio=row.bio, image=row.image, following=bool(row.following)
    )


_fetch = sync_to_async(sql.fetch)
