"""Tags stay bounded (issue 13): GET /tags lists the most used TAGS_LIST_MAX, each tag's use count
stays in step with the articles, and one user can introduce only so many new tags.
(The plan of the most-used query at a million tag uses: tests/test_explain_tags.py.)"""

import asyncio
from collections import Counter

import pytest

from core.domain.limits import TAGS_LIST_MAX, TAGS_PER_ARTICLE_MAX, Rate
from core.domain.models import ArticleTag, Tag
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def post_article(api, member, tags):
    article = {"title": "t", "description": "d", "body": "b", "tagList": tags}
    return api.post("/api/articles", {"article": article}, token=member.token)


async def uses() -> dict[str, int]:
    """Each tag's count as kept, checked against a count of the links."""
    kept = {name: n async for name, n in Tag.objects.values_list("name", "uses")}
    links = Counter([name async for name in ArticleTag.objects.values_list("tag__name", flat=True)])
    assert kept == {name: links.get(name, 0) for name in kept}
    return {name: n for name, n in kept.items() if n}


async def test_tags_lists_the_most_used_alphabetically(api, member):
    hot = [f"hot{n:02}" for n in range(10)]
    for _ in range(2):
        await factories.article(member.user, tags=hot)
    # 120 tags used once, in articles of the largest size.
    once = [f"once{n:03}" for n in range(120)]
    for start in range(0, len(once), TAGS_PER_ARTICLE_MAX):
        await factories.article(member.user, tags=once[start : start + TAGS_PER_ARTICLE_MAX])
    tags = (await api.get("/api/tags")).body["tags"]
    assert len(tags) == TAGS_LIST_MAX
    assert tags == sorted(tags)
    assert set(hot) <= set(tags)  # every tag used twice, then the first of the ties
    assert tags[len(hot) :] == once[: TAGS_LIST_MAX - len(hot)]


async def test_use_counts_follow_creates_updates_and_deletes(api, member):
    first = await factories.article(member.user, tags=["a", "b"])
    second = await factories.article(member.user, tags=["b", "c"])
    assert await uses() == {"a": 1, "b": 2, "c": 1}
    r = await api.put(
        f"/api/articles/{first.slug}", {"article": {"tagList": ["c", "d"]}}, token=member.token
    )
    assert r.status == 200
    assert await uses() == {"b": 1, "c": 2, "d": 1}
    r = await api.put(
        f"/api/articles/{first.slug}", {"article": {"title": "t2"}}, token=member.token
    )
    assert await uses() == {"b": 1, "c": 2, "d": 1}  # no tagList: tags untouched
    assert (await api.delete(f"/api/articles/{second.slug}", token=member.token)).status == 204
    assert await uses() == {"c": 1, "d": 1}
    assert (await api.get("/api/tags")).body == {"tags": ["c", "d"]}


async def test_parallel_articles_with_shared_tags_in_any_order_keep_counts(api, member, settings):
    """Two writers saving the same tags in opposite orders queue instead of deadlocking."""
    settings.RATE_LIMIT_TAG_CREATE = None
    tags = [f"shared{n}" for n in range(8)]
    writes = [post_article(api, member, tags if n % 2 else tags[::-1]) for n in range(12)]
    assert Counter(r.status for r in await asyncio.gather(*writes)) == {201: 12}
    assert await uses() == dict.fromkeys(tags, 12)


async def test_new_tags_per_user_are_limited_and_used_tags_are_free(api, member, other, settings):
    settings.RATE_LIMIT_TAG_CREATE = Rate(25, 3600)
    await factories.article(other.user, tags=[f"old{n}" for n in range(20)])
    assert (await post_article(api, member, [f"n{n}" for n in range(20)])).status == 201
    r = await post_article(api, member, [f"m{n}" for n in range(6)])
    assert r.status == 429
    assert r.body["errors"]["rate"]
    assert not await Tag.objects.filter(name__startswith="m").aexists()
    # Tags someone already uses cost nothing, nor do the author's own.
    assert (await post_article(api, member, [f"old{n}" for n in range(20)])).status == 201
    assert (await post_article(api, member, ["n1", "n2", "m0", "m1", "m2"])).status == 201
    # Updates count too: 23 spent, 3 more would exceed 25.
    article = await factories.article(member.user)
    r = await api.put(
        f"/api/articles/{article.slug}",
        {"article": {"tagList": ["z1", "z2", "z3"]}},
        token=member.token,
    )
    assert r.status == 429


async def test_parallel_new_tags_are_exact(api, member, settings):
    settings.RATE_LIMIT_TAG_CREATE = Rate(25, 3600)
    writes = [post_article(api, member, [f"p{n}-{k}" for k in range(5)]) for n in range(12)]
    statuses = Counter(r.status for r in await asyncio.gather(*writes))
    assert statuses == {201: 5, 429: 7}
    assert len(await uses()) == 25


async def test_tags_in_use_cost_one_transaction_and_new_ones_a_rerun(
    api, member, other, settings, sql_log
):
    """The budget is counted inside the write, from the tag rows it locks: a write whose tags
    are all in use (the common case) runs once; one that brings new tags into use is rolled
    back, reserves them and runs again."""
    settings.RATE_LIMIT_TAG_CREATE = Rate(25, 3600)
    await factories.article(other.user, tags=["used1", "used2"])

    def tag_upserts() -> int:
        return sum(s.startswith("INSERT INTO tags") for s in sql_log.statements)

    sql_log.statements.clear()
    assert (await post_article(api, member, ["used1", "used2"])).status == 201
    assert tag_upserts() == 1
    sql_log.statements.clear()
    assert (await post_article(api, member, ["used1", "fresh1", "fresh2"])).status == 201
    assert tag_upserts() == 2
    assert await uses() == {"used1": 3, "used2": 2, "fresh1": 1, "fresh2": 1}
    settings.RATE_LIMIT_TAG_CREATE = None  # no budget to count: new tags run once too
    sql_log.statements.clear()
    assert (await post_article(api, member, ["fresh3"])).status == 201
    assert tag_upserts() == 1


async def test_an_author_out_of_budget_is_told_404_or_403_before_429(api, member, other, settings):
    settings.RATE_LIMIT_TAG_CREATE = Rate(3, 3600)
    assert (await post_article(api, member, ["b1", "b2", "b3"])).status == 201
    theirs = await factories.article(other.user)
    new_tags = {"article": {"tagList": ["x1", "x2"]}}
    r = await api.put(f"/api/articles/{theirs.slug}", new_tags, token=member.token)
    assert r.status == 403
    r = await api.put("/api/articles/no-such-article", new_tags, token=member.token)
    assert r.status == 404
    mine = await factories.article(member.user)
    r = await api.put(f"/api/articles/{mine.slug}", new_tags, token=member.token)
    assert r.status == 429
    assert not await Tag.objects.filter(name__startswith="x").aexists()
