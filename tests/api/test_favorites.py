"""Favorites: POST/DELETE /articles/:slug/favorite."""

import pytest

from core.domain.models import Favorite
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


async def test_favorite_returns_the_article_favorited(api, member, other):
    article = await factories.article(member.user)
    r = await api.post(f"/api/articles/{article.slug}/favorite", token=other.token)
    assert r.status == 200
    assert r.body["article"]["slug"] == article.slug
    assert r.body["article"]["body"] == article.body
    assert r.body["article"]["favorited"] is True
    assert r.body["article"]["favoritesCount"] == 1
    seen = (await api.get(f"/api/articles/{article.slug}", token=other.token)).body["article"]
    assert (seen["favorited"], seen["favoritesCount"]) == (True, 1)


async def test_favorite_twice_is_idempotent(api, member, other):
    article = await factories.article(member.user)
    await api.post(f"/api/articles/{article.slug}/favorite", token=other.token)
    r = await api.post(f"/api/articles/{article.slug}/favorite", token=other.token)
    assert r.status == 200
    assert r.body["article"]["favoritesCount"] == 1
    assert await Favorite.objects.acount() == 1


async def test_favorites_count_counts_every_user(api, member, other):
    article = await factories.article(member.user)
    await api.post(f"/api/articles/{article.slug}/favorite", token=other.token)
    r = await api.post(f"/api/articles/{article.slug}/favorite", token=member.token)
    assert r.body["article"]["favoritesCount"] == 2


async def test_favorite_ignores_an_empty_json_body(api, member, other):
    article = await factories.article(member.user)
    r = await api.post(f"/api/articles/{article.slug}/favorite", raw=b"", token=other.token)
    assert r.status == 200


async def test_unfavorite(api, member, other):
    article = await factories.article(member.user)
    await api.post(f"/api/articles/{article.slug}/favorite", token=other.token)
    r = await api.delete(f"/api/articles/{article.slug}/favorite", token=other.token)
    assert r.status == 200
    assert (r.body["article"]["favorited"], r.body["article"]["favoritesCount"]) == (False, 0)
    assert await Favorite.objects.acount() == 0


async def test_unfavorite_without_a_favorite_is_harmless(api, member, other):
    article = await factories.article(member.user)
    r = await api.delete(f"/api/articles/{article.slug}/favorite", token=other.token)
    assert r.status == 200
    assert r.body["article"]["favoritesCount"] == 0


@pytest.mark.parametrize("method", ["post", "delete"])
async def test_favorite_unknown_article_is_404(api, member, method):
    r = await getattr(api, method)("/api/articles/nope/favorite", token=member.token)
    assert r.status == 404
    assert r.body == {"errors": {"article": ["not found"]}}


@pytest.mark.parametrize("method", ["post", "delete"])
async def test_favorite_without_token_is_401(api, method):
    r = await getattr(api, method)("/api/articles/some-slug/favorite")
    assert r.status == 401
    assert r.body == {"errors": {"token": ["is missing"]}}
