"""Tags: GET /tags."""

import pytest

from tests import factories

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
