"""Every read costs a fixed number of SQL queries, whatever the page size."""

import pytest

from core.models import Follow
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

# Authenticating a token costs one query (the user, to check the token is not revoked).
AUTH = 1


@pytest.fixture
async def world(member, other):
    """20 articles by another user, each tagged and favorited, followed by `member`."""
    readers = [await factories.user() for _ in range(3)]
    articles = []
    for n in range(20):
        article = await factories.article(other.user, tags=[f"t{n}", "common"])
        for reader in readers:
            await factories.favorite(article, reader)
        await factories.comment(article, readers[n % 3])
        articles.append(article)
    await Follow.objects.acreate(follower=member.user, followee=other.user)
    return articles


async def queries(api, sql_log, path, token=None):
    sql_log.statements.clear()
    r = await api.get(path, token=token)
    assert r.status == 200
    return sql_log.count


@pytest.mark.parametrize(
    ("path", "authenticated", "expected"),
    [
        ("/api/articles?limit={n}", False, 3),  # count, page, tags
        ("/api/articles?limit={n}", True, AUTH + 3),
        ("/api/articles?tag=common&limit={n}", True, AUTH + 3),
        ("/api/articles?author={author}&limit={n}", False, 3),
        ("/api/articles?favorited={reader}&limit={n}", False, 3),
        ("/api/articles/feed?limit={n}", True, AUTH + 3),
    ],
)
async def test_list_queries_do_not_grow_with_page_size(
    api, sql_log, member, other, world, path, authenticated, expected
):
    reader = (await factories.favoriters(world[0]))[0]
    token = member.token if authenticated else None
    small = path.format(n=1, author=other.user.username, reader=reader)
    large = path.format(n=20, author=other.user.username, reader=reader)
    assert await queries(api, sql_log, small, token) == expected
    assert await queries(api, sql_log, large, token) == expected


async def test_single_article_queries(api, sql_log, member, world):
    path = f"/api/articles/{world[0].slug}"
    assert await queries(api, sql_log, path) == 2  # article with counts and flags, tags
    assert await queries(api, sql_log, path, member.token) == AUTH + 2


async def test_comment_list_queries(api, sql_log, member, world):
    path = f"/api/articles/{world[0].slug}/comments"
    assert await queries(api, sql_log, path) == 2  # article id, comments with authors
    assert await queries(api, sql_log, path, member.token) == AUTH + 2


async def test_profile_and_tags_queries(api, sql_log, member, other, world):
    assert (
        await queries(api, sql_log, f"/api/profiles/{other.user.username}", member.token)
        == AUTH + 1
    )
    assert await queries(api, sql_log, "/api/tags") == 1
