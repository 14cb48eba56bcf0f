"""The hand-written SQL of the hot reads, in one place: the only SQL text the reads run.

Why not the ORM: building and compiling a queryset costs more CPU here than the database takes to
run it. Measured in-process on the benchmark's dataset (`bench/run.py`'s seed; CPU per call, the
same query through the ORM's queryset and through this module, 2026-12-03): the page of 20
articles 4.4 ms against 0.6 (the ORM's without even the tags), a list's count 0.97 against 0.32,
an article's comments 2.9 against 0.46, the tag list 0.84 against 0.26, a user by id (`get()`)
0.43 against 0.19, a profile with the viewer's flag and token state 1.1 ms of a 2.3 ms request.
A read request costs 1-2 ms of CPU in all (`bench/run.py`), so every hot read would cost
10-150 % more through the ORM. Side by side with the query-compiling layer this replaced (it reused SQL
compiled by Django's undocumented compiler API), every read is within the run-to-run noise
(docs/performance.md, "Queries through public APIs").

Built only on Django's documented APIs: `connection.cursor()` with named (`%(name)s`)
parameters, which both PostgreSQL and SQLite accept ("Executing custom SQL directly"), and
`Model.from_db` for a whole model row. The statements are the same on both databases but for
the tag list's JSON (`_TAG_NAMES`). Rows are named tuples, read by column name. The SQL of a read's
shape is built once (`functools.cache`); PostgreSQL prepares each one after a few runs
(`DB_PREPARED_STATEMENTS`). `tests/test_sql.py` checks the article reads (every filter), the
token state and the user row against the ORM's answers.
"""

import functools
from collections import namedtuple
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection

# The token state of a suspended account, in place of its epoch and kept session
# (core.domain.auth.viewer_confirm).
SUSPENDED = "!suspended"

# The column that carries the viewer's token state in every viewer-aware read
# (core.domain.auth.viewer_check).
TOKEN_STATE = "viewer_token_state"  # noqa: S105 - a column name


def token_state(user_id: str) -> str:
    """The token state of the user whose id is `user_id` (a placeholder), as one SQL expression:
    `<epoch>:<kept sid>`, `SUSPENDED`, or NULL if the user is gone."""
    return (
        f"(SELECT CASE WHEN viewer.suspended_at IS NOT NULL THEN '{SUSPENDED}' "
        "ELSE CAST(viewer.token_epoch AS TEXT) || ':' || viewer.token_kept_sid END "
        f"FROM users viewer WHERE viewer.id = {user_id})"
    )


# The viewer's token state as a column (`%(viewer)s`: the viewer's id), of the reads that take
# a viewer and of a write's first statement (`VIEWER_ARTICLE`, ...).
VIEWER_TOKEN_STATE = f"{token_state('%(viewer)s')} AS {TOKEN_STATE}"


# What readers may see: nothing written by a suspended account (core.domain.services.moderation).
# A NOT EXISTS on the author's row (by primary key, in a partial index that holds only the few
# suspended users), which PostgreSQL plans as an anti-join: measured against `NOT IN (SELECT …)`
# and a join on users, the cheapest for the lists, the tag filter and the tag list.
VISIBLE = (
    "NOT EXISTS (SELECT 1 FROM users suspended WHERE suspended.id = articles.author_id "
    "AND suspended.suspended_at IS NOT NULL)"
)


def fetch(sql: str, params: Mapping[str, Any]) -> list[Any]:
    """The rows of `sql` as named tuples, read by column name (`row.slug`): synchronous, run it on
    a database thread. (Named tuples cost a third of what dicts cost to build here: 20 µs against
    55 for a page of 20 articles.)

    SQLite gives timestamps without their zone (Django stores them in UTC): they come back
    aware, as the ORM gives them.
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        row_type: Any = _row_types.get(sql)
        if row_type is None:  # once per statement: reading the column names costs ~17 µs
            names = [column[0] for column in cursor.description]
            row_type = _row_types[sql] = namedtuple("Row", names)
    if connection.vendor == "sqlite":
        rows = [tuple(_aware(value) for value in row) for row in rows]
    return list(map(row_type._make, rows))


def fetch_column(sql: str, params: Mapping[str, Any]) -> list[Any]:
    """The values of the one column `sql` selects (synchronous, as `fetch`)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        values = [row[0] for row in cursor.fetchall()]
    if connection.vendor == "sqlite":
        values = [_aware(value) for value in values]
    return values


# The type of the rows of each statement this module has run (a fixed set of texts).
_row_types: dict[str, Any] = {}


def _aware(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


# --- articles ----------------------------------------------------------------------------------


# The id of the article a write names by slug, if readers may see it (favorite, comment, …):
# through the ORM, building this query cost 0.35 ms of CPU, more than the database takes.
ARTICLE_ID = f"SELECT articles.id FROM articles WHERE articles.slug = %(slug)s AND {VISIBLE}"


# A write's first statement: the viewer's token state (`TOKEN_STATE`, for
# core.domain.auth.viewer_confirm) beside what the write looks up, so that the token's check costs
# it no round trip of its own. One row, whether or not the looked-up row exists.
_VIEWER = f"SELECT {VIEWER_TOKEN_STATE}"
# The visible article `slug`'s id (NULL if none).
VIEWER_ARTICLE = f"{_VIEWER}, ({ARTICLE_ID}) AS article_id"
# The user named `username` (NULLs if none).
VIEWER_USER = (
    f"{_VIEWER}, named.id, named.username, named.bio, named.image"
    " FROM (SELECT 1) AS one LEFT JOIN users named ON named.username = %(username)s"
)
# The visible article `slug`'s id and the author of its comment `comment` (NULL if none).
VIEWER_COMMENT = (
    f"{_VIEWER}, visible.id AS article_id, comment.author_id FROM (SELECT 1) AS one"
    f" LEFT JOIN ({ARTICLE_ID}) AS visible ON 1 = 1"
    " LEFT JOIN comments comment ON comment.id = %(comment)s AND comment.article_id = visible.id"
)


@dataclass(frozen=True, slots=True)
class ArticleShape:
    """Which filters an article read has, and whether it has a viewer: what its SQL depends on.
    Each filter given is a parameter of the same name (`viewer` for the feed)."""

    tag: bool = False
    author: bool = False
    favorited: bool = False
    feed: bool = False
    slug: bool = False
    viewer: bool = False
    # The viewer's token was checked by the caller, a write in its transaction: no TOKEN_STATE.
    token_checked: bool = False


# The tag names of the article, in the author's order, as a JSON array in text. SQLite (before
# 3.44) cannot order inside an aggregate, so it aggregates an ordered subquery instead.
_TAGS = "FROM article_tags l JOIN tags t ON t.id = l.tag_id WHERE l.article_id = articles.id"
_TAG_NAMES = {
    "postgresql": f"COALESCE((SELECT json_agg(t.name ORDER BY l.position) {_TAGS})::text, '[]')",
    "sqlite": f"(SELECT json_group_array(name) FROM (SELECT t.name {_TAGS} ORDER BY l.position))",
}


def _matching(shape: ArticleShape, *, author_joined: bool) -> tuple[str, str]:
    """The joins and the WHERE clause of the visible articles matching `shape`'s filters."""
    joins = []
    where = [VISIBLE]
    if author_joined or shape.author or shape.feed:
        joins.append("JOIN users author ON author.id = articles.author_id")
    if shape.tag:
        joins.append(
            "JOIN article_tags tagged ON tagged.article_id = articles.id "
            "JOIN tags tag ON tag.id = tagged.tag_id"
        )
        where.append("tag.name = %(tag)s")
    if shape.author:
        where.append("author.username = %(author)s")
    if shape.favorited:
        joins.append(
            "JOIN favorites favorite ON favorite.article_id = articles.id "
            "JOIN users fan ON fan.id = favorite.user_id"
        )
        where.append("fan.username = %(favorited)s")
    if shape.feed:
        joins.append("JOIN follows feed ON feed.followee_id = author.id")
        where.append("feed.follower_id = %(viewer)s")
    if shape.slug:
        where.append("articles.slug = %(slug)s")
    return " ".join(joins), " AND ".join(where)


@functools.cache
def article_count(vendor: str, shape: ArticleShape) -> str:
    """`SELECT COUNT(*) AS count` of the articles matching `shape`: one row."""
    joins, where = _matching(shape, author_joined=False)
    return f"SELECT COUNT(*) AS count FROM articles {joins} WHERE {where}"


def following(author_id: str) -> str:
    """Whether the viewer (parameter `viewer`) follows the user `author_id` (a column)."""
    return (
        "EXISTS (SELECT 1 FROM follows WHERE follows.followee_id = "
        f"{author_id} AND follows.follower_id = %(viewer)s)"
    )


@functools.cache
def article_rows(vendor: str, shape: ArticleShape, *, body: bool) -> str:
    """The articles matching `shape`, newest first, `limit` of them from `offset` (parameters),
    each with its author, tags, favorites count and the viewer's flags; with the viewer's
    `TOKEN_STATE` if there is one. Columns: slug, title, description, body (NULL without
    `body`), tag_list (JSON text), created_at, updated_at, favorited, favorites_count,
    author_username, author_bio, author_image, following."""
    joins, where = _matching(shape, author_joined=True)
    viewer = shape.viewer
    favorited = (
        "EXISTS (SELECT 1 FROM favorites mine WHERE mine.article_id = articles.id "
        "AND mine.user_id = %(viewer)s)"
    )
    columns = [
        "articles.slug",
        "articles.title",
        "articles.description",
        f"{'articles.body' if body else 'NULL'} AS body",
        f"{_TAG_NAMES[vendor]} AS tag_list",
        "articles.created_at",
        "articles.updated_at",
        f"{favorited if viewer else 'FALSE'} AS favorited",
        "(SELECT COUNT(*) FROM favorites f WHERE f.article_id = articles.id) AS favorites_count",
        "author.username AS author_username",
        "author.bio AS author_bio",
        "author.image AS author_image",
        f"{following('articles.author_id') if viewer else 'FALSE'} AS following",
        *([VIEWER_TOKEN_STATE] if viewer and not shape.token_checked else []),
    ]
    return (
        f"SELECT {', '.join(columns)} FROM articles {joins} WHERE {where} "
        "ORDER BY articles.created_at DESC, articles.id DESC LIMIT %(limit)s OFFSET %(offset)s"
    )


# --- comments, tags, users ---------------------------------------------------------------------


@functools.cache
def comment_rows(*, viewer: bool) -> str:
    """The comments of the visible article `slug` (parameter), newest first, with their
    authors (and whether the viewer follows each); with the viewer's `TOKEN_STATE` if there is
    one. The article is LEFT JOINed to its comments: one row whose `id` is NULL tells that it
    exists without any, no row at all that it does not exist. Columns: id, created_at,
    updated_at, body, author_username, author_bio, author_image, author_suspended_at,
    following."""
    columns = [
        "comment.id",
        "comment.created_at",
        "comment.updated_at",
        "comment.body",
        "author.username AS author_username",
        "author.bio AS author_bio",
        "author.image AS author_image",
        "author.suspended_at AS author_suspended_at",
        f"{following('comment.author_id') if viewer else 'FALSE'} AS following",
        *([VIEWER_TOKEN_STATE] if viewer else []),
    ]
    return (
        f"SELECT {', '.join(columns)} FROM articles "
        "LEFT JOIN comments comment ON comment.article_id = articles.id "
        "LEFT JOIN users author ON author.id = comment.author_id "
        f"WHERE {VISIBLE} AND articles.slug = %(slug)s "
        "ORDER BY comment.created_at DESC, comment.id DESC"
    )


@functools.cache
def profile_row(*, viewer: bool) -> str:
    """The user `username` (parameter, exact match) as a profile, and whether the viewer follows
    them; with the viewer's `TOKEN_STATE` if there is one. Columns: username, bio, image,
    following."""
    columns = [
        "profile.username",
        "profile.bio",
        "profile.image",
        f"{following('profile.id') if viewer else 'FALSE'} AS following",
        *([VIEWER_TOKEN_STATE] if viewer else []),
    ]
    return f"SELECT {', '.join(columns)} FROM users profile WHERE profile.username = %(username)s"


# Read in the order of tags_most_used_idx, so the plan stops after `limit` rows however many
# tags and tag uses there are (tests/test_explain.py).
MOST_USED_TAGS = "SELECT name FROM tags WHERE uses > 0 ORDER BY uses DESC, name LIMIT %(limit)s"

# Every column of the user `id` (parameter), for `Model.from_db`.
USER_BY_ID = "SELECT * FROM users WHERE id = %(id)s"
