"""Tags: GET /tags."""

import asyncio

import pytest

from core.domain.models import Tag
from tests import factories

ARTICLE = {"title": "Tagged", "description": "d", "body": "b"}

pytestmark = pytest.mark.django_db(transaction=True)


async def test_tags_empty(api):
    r = await api.get("/api/tags")
    assert r.status == 200
    assert r.body == {"tags": []}


async def test_tags_are_distinct_and_alphabetical(api, member):
    await factories.article(member.user, tags=["zeta", "alpha"])
    await factories.article(member.user, tags=["mid", "alpha"])
    assert (await api.get("/api/tags")).body == {"tags": ["alpha", "mid", "zeta"]}


async def test_tags_no_longer_used_disappear(api, member):
    article = await factories.article(member.user, tags=["gone"])
    await factories.article(member.user, tags=["kept"])
    await api.put(f"/api/articles/{article.slug}", {"article": {"tagList": []}}, token=member.token)
    assert (await api.get("/api/tags")).body == {"tags": ["kept"]}


async def test_tags_ignore_a_token(api, member):
    await factories.article(member.user, tags=["x"])
    assert (await api.get("/api/tags", token=member.token)).body == {"tags": ["x"]}


# --- kept in each process for TAGS_CACHE_SECONDS (core.domain.selectors.tags) -------------------


async def test_a_write_here_shows_at_once(api, member):
    article = await factories.article(member.user, tags=["first"])
    assert (await api.get("/api/tags")).body == {"tags": ["first"]}  # now kept
    await api.post(
        "/api/articles", {"article": {**ARTICLE, "tagList": ["second"]}}, token=member.token
    )
    assert (await api.get("/api/tags")).body == {"tags": ["first", "second"]}
    await api.delete(f"/api/articles/{article.slug}", token=member.token)
    assert (await api.get("/api/tags")).body == {"tags": ["second"]}


async def test_a_write_elsewhere_is_not_seen_while_the_answer_is_kept(
    api, member, settings, sql_log
):
    settings.TAGS_CACHE_SECONDS = 3600
    await factories.article(member.user, tags=["old"])
    assert (await api.get("/api/tags")).body == {"tags": ["old"]}
    # Another process's write: straight to the database, past this process's services.
    await Tag.objects.filter(name="old").aupdate(name="new")
    sql_log.statements.clear()
    assert (await api.get("/api/tags")).body == {"tags": ["old"]}
    assert sql_log.count == 0


async def test_a_write_elsewhere_shows_once_the_answer_expires(api, member, settings):
    settings.TAGS_CACHE_SECONDS = 0  # kept for no time: expired by the next request
    await factories.article(member.user, tags=["old"])
    assert (await api.get("/api/tags")).body == {"tags": ["old"]}
    await Tag.objects.filter(name="old").aupdate(name="new")
    assert (await api.get("/api/tags")).body == {"tags": ["new"]}


async def test_an_expired_answer_is_read_once_for_requests_at_the_same_time(
    api, member, settings, sql_log
):
    await factories.article(member.user, tags=["t"])
    settings.TAGS_CACHE_SECONDS = 0
    await api.get("/api/tags")  # kept for no time: expired by the next request
    settings.TAGS_CACHE_SECONDS = 3600
    sql_log.statements.clear()
    answers = await asyncio.gather(*(api.get("/api/tags") for _ in range(8)))
    assert [r.body for r in answers] == [{"tags": ["t"]}] * 8
    assert sql_log.count == 1
