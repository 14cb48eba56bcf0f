"""Reads of articles, always as a given viewer sees them (counts and flags included).

A list costs two queries whatever the page size: the total, then the page, each article in one
row with its author, tags, favorites count and the viewer's flags. A single article costs one.
The viewer's token is checked inside those same queries (core.domain.auth.viewer_check), so
authentication adds none. The SQL is hand-written (core.domain.sql, which says what it saves);
rows are read by column name.
"""

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from asgiref.sync import sync_to_async
from django.db import connection

from core.domain import sql
from core.domain.auth import Viewer, viewer_check
from core.domain.errors import NotFound
from core.domain.selectors.profiles import ProfileView, author_view


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article as one viewer sees it; `body` is None in lists, which leave it out."""

    slug: str
    title: str
    description: str
    body: str | None
    tag_list: list[str]
    created_at: datetime
    updated_at: datetime
    favorited: bool
    favorites_count: int
    author: ProfileView


def listed_publicly(view: ArticleView) -> ArticleView:
    """`view` as an anonymous reader lists it (`article_preview_now`): no body, not favorited,
    its author not followed. For a write whose answer is the read its event needs too."""
    author = dataclasses.replace(view.author, following=False)
    return dataclasses.replace(view, body=None, favorited=False, author=author)


@dataclass(frozen=True, slots=True)
class Page:
    articles: list[ArticleView]
    count: int


def _view(row: Any) -> ArticleView:
    """An `ArticleView` of a row of `sql.article_rows` (SQLite gives its flags as 0 or 1)."""
    return ArticleView(
        slug=row.slug,
        title=row.title,
        description=row.description,
        body=row.body,
        tag_list=orjson.loads(row.tag_list),
        created_at=row.created_at,
        updated_at=row.updated_at,
        favorited=bool(row.favorited),
        favorites_count=row.favorites_count,
        author=author_view(row),
    )


def _rows(
    shape: sql.ArticleShape, params: dict[str, Any], *, body: bool, limit: int, offset: int = 0
) -> list[Any]:
    query = sql.article_rows(connection.vendor, shape, body=body)
    return sql.fetch(query, {**params, "limit": limit, "offset": offset})


@sync_to_async
def _count_and_page(
    shape: sql.ArticleShape, params: dict[str, Any], limit: int, offset: int
) -> tuple[int, list[Any]]:
    # Both queries in one trip to the request's database thread.
    count: int = sql.fetch_column(sql.article_count(connection.vendor, shape), params)[0]
    if offset >= count:
        return count, []
    return count, _rows(shape, params, body=False, limit=limit, offset=offset)


async def _page(
    shape: sql.ArticleShape, params: dict[str, Any], viewer: Viewer | None, limit: int, offset: int
) -> Page:
    if viewer is not None:
        params["viewer"] = viewer.id
    count, rows = await _count_and_page(shape, params, limit, offset)
    await viewer_check(viewer, rows)
    return Page(articles=[_view(row) for row in rows], count=count)


async def article_list(
    *,
    viewer: Viewer | None,
    tag: str | None = None,
    author: str | None = None,
    favorited: str | None = None,
    limit: int,
    offset: int,
) -> Page:
    """Articles matching every given filter, newest first, and how many match in all."""
    shape = sql.ArticleShape(
        tag=tag is not None,
        author=author is not None,
        favorited=favorited is not None,
        viewer=viewer is not None,
    )
    filters = {"tag": tag, "author": author, "favorited": favorited}
    params = {name: value for name, value in filters.items() if value is not None}
    return await _page(shape, params, viewer, limit, offset)


async def article_feed(*, viewer: Viewer, limit: int, offset: int) -> Page:
    """Articles by the authors the viewer follows, newest first."""
    return await _page(sql.ArticleShape(feed=True, viewer=True), {}, viewer, limit, offset)


async def article_get(*, slug: str, viewer: Viewer | None) -> ArticleView:
    """One article with its body."""
    rows = await _article(slug, viewer)
    await viewer_check(viewer, rows)
    if not rows:
        raise NotFound("article")
    return _view(rows[0])


def _article_rows(slug: str, viewer: Viewer | None, *, token_checked: bool = False) -> list[Any]:
    params: dict[str, Any] = {"slug": slug}
    if viewer is not None:
        params["viewer"] = viewer.id
    shape = sql.ArticleShape(slug=True, viewer=viewer is not None, token_checked=token_checked)
    return _rows(shape, params, body=True, limit=1)


_article = sync_to_async(_article_rows)


def article_written(slug: str, viewer: Viewer) -> ArticleView:
    """The article as `viewer` sees it, read on the calling thread by a write that checked the
    viewer's token in its own transaction (so the read does not select it again): the write's
    answer, without another trip to its thread."""
    rows = _article_rows(slug, viewer, token_checked=True)
    if not rows:
        raise NotFound("article")
    return _view(rows[0])


def article_preview_now(slug: str) -> ArticleView:
    """The article as an anonymous reader lists it (no body), read on the calling thread:
    for the event a write records inside its transaction."""
    return _view(_rows(sql.ArticleShape(slug=True), {"slug": slug}, body=False, limit=1)[0])
