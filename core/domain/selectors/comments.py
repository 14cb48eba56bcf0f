"""Reads of comments."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from asgiref.sync import sync_to_async

from core.domain import sql
from core.domain.auth import Viewer, viewer_check
from core.domain.errors import NotFound
from core.domain.selectors.profiles import ProfileView, author_view


@dataclass(frozen=True, slots=True)
class CommentView:
    id: int
    created_at: datetime
    updated_at: datetime
    body: str
    author: ProfileView


@sync_to_async
def _rows(params: dict[str, Any]) -> list[Any]:
    return sql.fetch(sql.comment_rows(viewer="viewer" in params), params)


async def comment_list(*, slug: str, viewer: Viewer | None) -> list[CommentView]:
    """The comments on the article `slug`, newest first, but those by suspended authors.
    One query (core.domain.sql.comment_rows), token included."""
    params: dict[str, Any] = {"slug": slug}
    if viewer is not None:
        params["viewer"] = viewer.id
    found = await _rows(params)
    await viewer_check(viewer, found)
    if not found:
        raise NotFound("article")
    return [
        CommentView(
            id=row.id,
            created_at=row.created_at,
            updated_at=row.updated_at,
            body=row.body,
            author=author_view(row),
        )
        for row in found
        if row.id is not None and row.author_suspended_at is None
    ]
