"""Reads of comments."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asgiref.sync import sync_to_async
from django.db.models import QuerySet

from core.domain.auth import Viewer, viewer_check
from core.domain.db import Markers, compiled_query
from core.domain.errors import NotFound
from core.domain.selectors.profiles import ProfileView, following_flag, viewer_token_state
from core.domain.selectors.visibility import visible_articles


@dataclass(frozen=True, slots=True)
class CommentView:
    id: int
    created_at: datetime
    updated_at: datetime
    body: str
    author: ProfileView


@compiled_query
def _comments(markers: Markers, with_viewer: bool) -> QuerySet[Any]:
    """The comments of the article `slug`, newest first (compiled once: core.domain.db.CompiledQuery).

    The article is joined to its comments (LEFT JOIN), so one row without a comment tells that
    the article exists without any, and no row at all that it does not exist.
    """
    viewer = Viewer(id=markers.number("viewer")) if with_viewer else None
    return (
        visible_articles()
        .filter(slug=markers.text("slug"))
        .annotate(
            following=following_flag(viewer, "comments__author_id"),
            viewer_token_state=viewer_token_state(viewer),
        )
        .order_by("-comments__created_at", "-comments__id")
        .values_list(
            "comments__id",
            "comments__created_at",
            "comments__updated_at",
            "comments__body",
            "comments__author__username",
            "comments__author__bio",
            "comments__author__image",
            "comments__author__suspended_at",
            "following",
            "viewer_token_state",
        )
    )


@sync_to_async
def _rows(values: dict[str, Any]) -> list[tuple[Any, ...]]:
    return _comments("viewer" in values).rows(values)


async def comment_list(*, slug: str, viewer: Viewer | None) -> list[CommentView]:
    """The comments on the article `slug`, newest first. One query."""
    values: dict[str, Any] = {"slug": slug}
    if viewer is not None:
        values["viewer"] = viewer.id
    found = await _rows(values)
    await viewer_check(viewer, [row[-1] for row in found[:1]])
    if not found:
        raise NotFound("article")
    return [
        CommentView(
            id=id,
            created_at=created,
            updated_at=updated,
            body=body,
            author=ProfileView(username=username, bio=bio, image=image, following=following),
        )
        for id, created, updated, body, username, bio, image, suspended, following, _ in found
        if id is not None and suspended is None
    ]
