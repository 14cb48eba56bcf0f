"""The hand-written SQL (core.domain.sql) answers what the ORM answers, on either database."""

from collections import Counter
from typing import Any

import orjson
import pytest
from asgiref.sync import sync_to_async
from django.db import connection
from django.utils import timezone

from core.domain import sql
from core.domain.auth import TokenState, token_state, user_by_id
from core.domain.models import Article, Favorite, Follow, User
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _visible() -> Any:
    """What readers may see, as the ORM says it (the rule core.domain.sql.VISIBLE writes in SQL):
    articles whose author is not suspended."""
    return Article.objects.filter(author__suspended_at__isnull=True)


def expected_state(user: User) -> str:
    state = token_state(user)
    return state if isinstance(state, str) else f"{state.epoch}:{state.kept_session}"


@sync_to_async
def state_column(user_id: int) -> Any:
    rows = sql.fetch(f"SELECT {sql.token_state('%(viewer)s')} AS state", {"viewer": user_id})
    return rows[0].state


async def test_the_token_state_column_is_the_loaded_users_token_state(member, other):
    fresh = member.user
    await User.objects.filter(pk=other.user.pk).aupdate(token_epoch=3, token_kept_sid="kept")
    changed = await User.objects.aget(pk=other.user.pk)
    suspended = await factories.user()
    await User.objects.filter(pk=suspended.pk).aupdate(suspended_at=timezone.now())
    suspended = await User.objects.aget(pk=suspended.pk)
    for user in (fresh, changed, suspended):
        assert await state_column(user.pk) == expected_state(user)
    assert TokenState.parse(await state_column(changed.pk)) == TokenState(3, "kept")
    assert await state_column(10**12) is None  # gone: the token is refused


async def test_user_by_id_loads_what_get_loads(member):
    loaded = await sync_to_async(user_by_id)(member.user.pk)
    stored = await User.objects.aget(pk=member.user.pk)
    assert loaded is not None
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(stored, field.attname), field.name
    assert loaded.created_at.tzinfo is not None
    assert await sync_to_async(user_by_id)(10**12) is None


@pytest.fixture
async def world(member, other):
    """Articles by `member`, `other` and a suspended author, tagged, favorited, followed."""
    hidden = await factories.user()
    articles = [
        await factories.article(author, tags=tags)
        for author, tags in [
            (member.user, ["one", "two"]),
            (other.user, ["two"]),
            (other.user, []),
            (hidden, ["one"]),
        ]
    ]
    await factories.favorite(articles[1], member.user)
    await factories.favorite(articles[1], other.user)
    await factories.favorite(articles[0], other.user)
    await factories.favorite(articles[3], member.user)
    await Follow.objects.acreate(follower=member.user, followee=other.user)
    await User.objects.filter(pk=hidden.pk).aupdate(suspended_at=timezone.now())
    return articles


@sync_to_async
def through_sql(
    shape: sql.ArticleShape, params: dict[str, Any]
) -> tuple[int, list[tuple[Any, ...]]]:
    count = sql.fetch_column(sql.article_count(connection.vendor, shape), params)[0]
    query = sql.article_rows(connection.vendor, shape, body=True)
    rows = sql.fetch(query, {**params, "limit": 100, "offset": 0})
    return count, [
        (
            row.slug,
            row.body,
            orjson.loads(row.tag_list),
            row.created_at,
            bool(row.favorited),
            row.favorites_count,
            row.author_username,
            bool(row.following),
        )
        for row in rows
    ]


@sync_to_async
def through_orm(viewer: User, **filters: Any) -> list[tuple[Any, ...]]:
    found = _visible().filter(**filters).select_related("author").order_by("-created_at", "-id")
    counts = Counter(Favorite.objects.values_list("article_id", flat=True))
    favorited = set(Favorite.objects.filter(user=viewer).values_list("article_id", flat=True))
    followed = set(Follow.objects.filter(follower=viewer).values_list("followee_id", flat=True))
    return [
        (
            article.slug,
            article.body,
            [t.tag.name for t in article.article_tags.select_related("tag").order_by("position")],
            article.created_at,
            article.pk in favorited,
            counts[article.pk],
            article.author.username,
            article.author_id in followed,
        )
        for article in found.distinct()
    ]


async def test_article_reads_agree_with_the_orm(world, member, other):
    viewer = member.user
    cases = [
        (sql.ArticleShape(viewer=True), {}, {}),
        (
            sql.ArticleShape(tag=True, viewer=True),
            {"tag": "one"},
            {"article_tags__tag__name": "one"},
        ),
        (
            sql.ArticleShape(author=True, viewer=True),
            {"author": other.user.username},
            {"author": other.user},
        ),
        (
            sql.ArticleShape(favorited=True, viewer=True),
            {"favorited": member.user.username},
            {"favorites__user": member.user},
        ),
        (sql.ArticleShape(feed=True, viewer=True), {}, {"author__follower_set__follower": viewer}),
        (
            sql.ArticleShape(slug=True, viewer=True),
            {"slug": world[1].slug},
            {"slug": world[1].slug},
        ),
        (
            sql.ArticleShape(slug=True, viewer=True),
            {"slug": world[3].slug},
            {"slug": world[3].slug},
        ),
    ]
    for shape, params, filters in cases:
        count, rows = await through_sql(shape, {**params, "viewer": viewer.pk})
        expected = await through_orm(viewer, **filters)
        assert rows == expected, shape
        assert count == len(expected), shape
    assert await Article.objects.acount() == 4  # one of them hidden from every read


async def test_a_writes_first_row_is_the_viewers_token_state_beside_what_it_looks_up(member, world):
    """sql.VIEWER_ARTICLE, VIEWER_USER, VIEWER_COMMENT: one row, found or not, the viewer's
    token state in it either way (a revoked token is refused before a missing row is 404)."""
    fetch = sync_to_async(sql.fetch)
    state = expected_state(member.user)
    for viewer in (member.user.pk, 10**12):
        for article in world:
            expected = await _visible().filter(slug=article.slug).values_list("pk", flat=True).afirst()  # fmt: skip
            [row] = await fetch(sql.VIEWER_ARTICLE, {"viewer": viewer, "slug": article.slug})
            assert row.article_id == expected
        assert expected is None  # the suspended author's
        [row] = await fetch(sql.VIEWER_ARTICLE, {"viewer": viewer, "slug": "no-such-article"})
        assert row.article_id is None
        assert getattr(row, sql.TOKEN_STATE) == (state if viewer == member.user.pk else None)

        [row] = await fetch(sql.VIEWER_USER, {"viewer": viewer, "username": "nobody"})
        assert (row.id, row.username) == (None, None)
        [row] = await fetch(sql.VIEWER_USER, {"viewer": viewer, "username": member.user.username})
        assert (row.id, row.username, row.bio, row.image) == (
            member.user.pk, member.user.username, member.user.bio, member.user.image
        )  # fmt: skip
        assert getattr(row, sql.TOKEN_STATE) == (state if viewer == member.user.pk else None)

    comment = await factories.comment(world[1], member.user)
    cases = [
        (world[1], comment.pk, world[1].pk, member.user.pk),
        (world[0], comment.pk, world[0].pk, None),  # another article's comment
        (world[1], comment.pk + 1, world[1].pk, None),
        (world[3], comment.pk, None, None),  # the suspended author's
    ]
    for article, comment_id, article_id, author in cases:
        params = {"viewer": member.user.pk, "slug": article.slug, "comment": comment_id}
        [row] = await fetch(sql.VIEWER_COMMENT, params)
        assert (row.article_id, row.author_id) == (article_id, author)
        assert getattr(row, sql.TOKEN_STATE) == state


async def test_a_profile_row_tells_whether_the_viewer_follows(member, other):
    await Follow.objects.acreate(follower=member.user, followee=other.user)
    read = sync_to_async(sql.fetch)
    for viewer, name, following in [
        (member.user, other.user.username, True),
        (other.user, member.user.username, False),
        (None, other.user.username, False),
    ]:
        params = {"username": name, **({"viewer": viewer.pk} if viewer else {})}
        [row] = await read(sql.profile_row(viewer=viewer is not None), params)
        expected = await User.objects.aget(username=name)
        assert (row.username, row.bio, row.image) == (
            expected.username,
            expected.bio,
            expected.image,
        )
        assert bool(row.following) is following
        if viewer is not None:
            assert getattr(row, sql.TOKEN_STATE) == expected_state(viewer)
    assert await read(sql.profile_row(viewer=False), {"username": "nobody"}) == []
