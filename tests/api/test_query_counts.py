"""Every read costs a fixed number of SQL queries, whatever the page size, token included.

The budget: a list is two queries (the total, the page), a single article one. A token costs no
query of its own on a read: it is checked inside the read's first query (core.domain.auth.Viewer), and
it still stops working the moment its user changes their password.
"""

import pytest

from core.domain.auth import token_issue
from core.domain.models import Article, ArticleTag, Comment, Favorite, Follow, Tag
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
async def world(member, other):
    """20 articles by another user, each tagged and favorited, followed by `member`.

    Stored in bulk (six INSERTs, where the services take ~200 statements, each test again):
    only the rows matter to a query count, and the services have tests of their own."""
    readers = [await factories.user() for _ in range(3)]
    articles = await Article.objects.abulk_create(
        Article(slug=f"world-{n}", title=f"World {n}", description="d", body="b", author=other.user)
        for n in range(20)
    )
    common, *tags = await Tag.objects.abulk_create(
        Tag(name=name) for name in ["common", *(f"t{n}" for n in range(20))]
    )
    await ArticleTag.objects.abulk_create(
        ArticleTag(article=article, tag=tag, position=position)
        for article, own in zip(articles, tags, strict=True)
        for position, tag in enumerate([own, common])
    )
    await Favorite.objects.abulk_create(
        Favorite(user=reader, article=article) for article in articles for reader in readers
    )
    await Comment.objects.abulk_create(
        Comment(article=article, author=readers[n % 3], body="Nice article")
        for n, article in enumerate(articles)
    )
    await Follow.objects.acreate(follower=member.user, followee=other.user)
    return articles


async def queries(api, sql_log, path, token=None, status=200):
    sql_log.statements.clear()
    r = await api.get(path, token=token)
    assert r.status == status
    return sql_log.count


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles?limit={n}",
        "/api/articles?tag=common&limit={n}",
        "/api/articles?author={author}&limit={n}",
        "/api/articles?favorited={reader}&limit={n}",
    ],
)
@pytest.mark.parametrize("authenticated", [False, True])
async def test_lists_cost_two_queries_whatever_the_page_size(
    api, sql_log, member, other, world, path, authenticated
):
    reader = (await factories.favoriters(world[0]))[0]
    token = member.token if authenticated else None
    small = path.format(n=1, author=other.user.username, reader=reader)
    large = path.format(n=20, author=other.user.username, reader=reader)
    assert await queries(api, sql_log, small, token) == 2  # the total, the page
    assert await queries(api, sql_log, large, token) == 2


async def test_feed_costs_two_queries_token_included(api, sql_log, member, world):
    assert await queries(api, sql_log, "/api/articles/feed?limit=1", member.token) == 2
    assert await queries(api, sql_log, "/api/articles/feed?limit=20", member.token) == 2


async def test_an_empty_page_checks_the_token_in_place_of_the_page(api, sql_log, member, world):
    # No page query runs past the end, so the token is checked on its own: still two.
    assert await queries(api, sql_log, "/api/articles?offset=100", member.token) == 2
    assert await queries(api, sql_log, "/api/articles?offset=100") == 1


async def test_single_article_costs_one_query(api, sql_log, member, world):
    path = f"/api/articles/{world[0].slug}"
    assert await queries(api, sql_log, path) == 1
    assert await queries(api, sql_log, path, member.token) == 1


async def test_comment_list_costs_one_query(api, sql_log, member, world):
    path = f"/api/articles/{world[0].slug}/comments"
    assert await queries(api, sql_log, path) == 1
    assert await queries(api, sql_log, path, member.token) == 1


async def test_profile_current_user_and_tags_cost_one_query(api, sql_log, member, other, world):
    path = f"/api/profiles/{other.user.username}"
    assert await queries(api, sql_log, path, member.token) == 1
    assert await queries(api, sql_log, "/api/user", member.token) == 1
    assert await queries(api, sql_log, "/api/tags") == 1
    assert await queries(api, sql_log, "/api/tags") == 0  # kept (TAGS_CACHE_SECONDS)


# --- the token checked inside the read still stops working with a new password ------------


@pytest.fixture
async def article(member, other):
    """An article by another user that `member` follows, favorites and comments on."""
    article = await factories.article(other.user, tags=["one"])
    await factories.favorite(article, member.user)
    await factories.comment(article, member.user)
    await Follow.objects.acreate(follower=member.user, followee=other.user)
    return article


READS = [
    "/api/articles",
    "/api/articles?offset=1000",
    "/api/articles/feed",
    "/api/articles/{slug}",
    "/api/articles/{slug}/comments",
    "/api/profiles/{username}",
    "/api/user",
    # Unknown resources: the token is refused before anything is said about them.
    "/api/articles/no-such-article",
    "/api/articles/no-such-article/comments",
    "/api/profiles/nobody",
]


@pytest.mark.parametrize("path", READS)
async def test_every_read_refuses_a_token_revoked_by_a_password_change(
    api, member, other, article, path
):
    elsewhere = token_issue(member.user)  # another session of the same user
    path = path.format(slug=article.slug, username=other.user.username)
    r = await api.put(
        "/api/user", {"user": {"password": "a brand new password"}}, token=member.token
    )
    assert r.status == 200
    refused = await api.get(path, token=elsewhere)
    assert refused.status == 401
    assert refused.body == {"errors": {"token": ["is invalid"]}}
    # The session that made the change keeps both its tokens.
    for kept in (member.token, r.body["user"]["token"]):
        assert (await api.get(path, token=kept)).status in {200, 404}


@pytest.mark.parametrize("path", READS)
async def test_every_read_refuses_the_token_of_a_deleted_user(api, member, other, article, path):
    path = path.format(slug=article.slug, username=other.user.username)
    await member.user.adelete()
    refused = await api.get(path, token=member.token)
    assert refused.status == 401
    assert refused.body == {"errors": {"token": ["is invalid"]}}
