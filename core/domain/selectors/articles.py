"""Reads of articles, always as a given viewer sees them (counts and flags included).

A list costs two queries whatever the page size: the total, then the page, each article in one
row with its author, tags, favorites count and the viewer's flags. A single article costs one.
The viewer's token is checked inside those same queries (core.domain.auth.Viewer), so authentication
adds none. Each query is built with the ORM once per shape (which filters, whether there is a
viewer) and then reused with new values (core.domain.db.CompiledQuery); rows are plain tuples.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from asgiref.sync import sync_to_async
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce

from core.domain.auth import Viewer, viewer_check
from core.domain.db import Markers, compiled_query, count_of
from core.domain.errors import NotFound
from core.domain.models import Article, Favorite
from core.domain.selectors.profiles import ProfileView, following_flag, viewer_token_state
from core.domain.selectors.visibility import visible_articles


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


@dataclass(frozen=True, slots=True)
class Page:
    articles: list[ArticleView]
    count: int


class TagNames(Func):
    """The tag names of the article whose id is the argument, in the author's order, as a JSON
    array in text. One vendor-specific subquery instead of a prefetch query: SQLite (before
    3.44) cannot order inside an aggregate, so it aggregates an ordered subquery instead."""

    output_field = TextField()
    _TAGS = (
        "FROM article_tags l JOIN tags t ON t.id = l.tag_id WHERE l.article_id = %(expressions)s"
    )
    template = f"(SELECT json_group_array(name) FROM (SELECT t.name {_TAGS} ORDER BY l.position))"  # noqa: S608 - constant SQL

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = (
            f"COALESCE((SELECT json_agg(t.name ORDER BY l.position) {self._TAGS})::text, '[]')"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


# The columns of a row, in order; `_view` reads them by position.
_COLUMNS = (
    "slug",
    "title",
    "description",
    "tags",
    "created_at",
    "updated_at",
    "favorited",
    "favorites_count",
    "author__username",
    "author__bio",
    "author__image",
    "following",
    "body_or_none",
    "viewer_token_state",
)


def _rows(base: QuerySet[Article], viewer: Viewer | None, *, body: bool) -> QuerySet[Any]:
    """`base` as rows of `_COLUMNS`, newest first."""
    favorites = Favorite.objects.filter(article_id=OuterRef("pk")).order_by()
    count = favorites.values("article_id").annotate(n=Count("*")).values("n")
    return (
        base.annotate(
            tags=TagNames(F("pk")),
            favorited=Exists(favorites.filter(user_id=viewer.id)) if viewer else Value(False),
            favorites_count=Coalesce(Subquery(count), 0),
            following=following_flag(viewer, "author_id"),
            body_or_none=F("body") if body else Value(None, output_field=CharField()),
            viewer_token_state=viewer_token_state(viewer),
        )
        .order_by("-created_at", "-id")
        .values_list(*_COLUMNS)
    )


def _view(row: tuple[Any, ...]) -> ArticleView:
    (slug, title, description, tags, created, updated, favorited, favorites) = row[:8]
    username, bio, image, following, body = row[8:13]
    return ArticleView(
        slug=slug,
        title=title,
        description=description,
        body=body,
        tag_list=orjson.loads(tags),
        created_at=created,
        updated_at=updated,
        favorited=favorited,
        favorites_count=favorites,
        author=ProfileView(username=username, bio=bio, image=image, following=following),
    )


@dataclass(frozen=True, slots=True)
class _Shape:
    """Which filters a read has, and whether it has a viewer: what its SQL depends on."""

    tag: bool = False
    author: bool = False
    favorited: bool = False
    feed: bool = False
    slug: bool = False
    viewer: bool = False


def _matching(shape: _Shape, markers: Markers) -> QuerySet[Article]:
    base = visible_articles()
    if shape.tag:
        base = base.filter(article_tags__tag__name=markers.text("tag"))
    if shape.author:
        base = base.filter(author__username=markers.text("author"))
    if shape.favorited:
        base = base.filter(favorites__user__username=markers.text("favorited"))
    if shape.feed:
        base = base.filter(author__follower_set__follower_id=markers.number("viewer"))
    if shape.slug:
        base = base.filter(slug=markers.text("slug"))
    return base


@compiled_query
def _query(markers: Markers, kind: str, shape: _Shape) -> QuerySet[Any]:
    """One kind of read ("count", "page" or "article") for one shape (compiled once)."""
    base = _matching(shape, markers)
    if kind == "count":
        return count_of(base)
    viewer = Viewer(id=markers.number("viewer")) if shape.viewer else None
    return _rows(base, viewer, body=kind == "article")


@sync_to_async
def _count_and_page(
    shape: _Shape, values: dict[str, Any], limit: int, offset: int
) -> tuple[int, list[tuple[Any, ...]]]:
    # Both queries in one trip to the request's database thread.
    count: int = _query("count", shape).rows(values)[0][0]
    if offset >= count:
        return count, []
    return count, _query("page", shape).rows(values, limit=limit, offset=offset)


async def _page(
    shape: _Shape, values: dict[str, Any], viewer: Viewer | None, limit: int, offset: int
) -> Page:
    if viewer is not None:
        values["viewer"] = viewer.id
    count, rows = await _count_and_page(shape, values, limit, offset)
    await viewer_check(viewer, [row[-1] for row in rows[:1]])
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
    shape = _Shape(
        tag=tag is not None,
        author=author is not None,
        favorited=favorited is not None,
        viewer=viewer is not None,
    )
    values = {"tag": tag, "author": author, "favorited": favorited}
    return await _page(shape, values, viewer, limit, offset)


async def article_feed(*, viewer: Viewer, limit: int, offset: int) -> Page:
    """Articles by the authors the viewer follows, newest first."""
    return await _page(_Shape(feed=True, viewer=True), {}, viewer, limit, offset)


@sync_to_async
def _article(shape: _Shape, values: dict[str, Any]) -> list[tuple[Any, ...]]:
    return _query("article", shape).rows(values, limit=1)


async def article_get(*, slug: str, viewer: Viewer | None) -> ArticleView:
    """One article with its body."""
    values: dict[str, Any] = {"slug": slug}
    if viewer is not None:
        values["viewer"] = viewer.id
    rows = await _article(_Shape(slug=True, viewer=viewer is not None), values)
    await viewer_check(viewer, [row[-1] for row in rows])
    if not rows:
        raise NotFound("article")
    return _view(rows[0])


def article_preview_now(slug: str) -> ArticleView:
    """The article as an anonymous reader lists it (no body), read on the calling thread:
    for the event a write records inside its transaction."""
    return _view(_query("page", _Shape(slug=True)).rows({"slug": slug}, limit=1)[0])


async def article_id(*, slug: str) -> int:
    """The id of the article `slug`; `NotFound` if there is none (or its author is suspended)."""
    found = await visible_articles().filter(slug=slug).values_list("pk", flat=True).afirst()
    if found is None:
        raise NotFound("article")
    return found
