"""Every response, built directly from our data, is what its documented schema would send.

Handlers skip Ninja's validation of their results (api/rendering.py: json_response); this checks
that nothing was lost by it: each body validates against the response schema in openapi.json,
and rendering it through that schema gives back the very same bytes.
"""

from typing import Any

import orjson
import pytest
from pydantic import BaseModel

from core.domain.models import Follow
from schemas.articles import MultipleArticlesResponse, SingleArticleResponse
from schemas.comments import MultipleCommentsResponse, SingleCommentResponse
from schemas.profiles import ProfileResponse
from schemas.tags import TagsResponse
from schemas.users import UserResponse
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def assert_wire(content: bytes, schema: type[BaseModel]) -> None:
    documented = schema.model_validate_json(content, strict=False)
    assert orjson.dumps(documented.model_dump()) == content


async def send(api, method, path, payload=None, token=None):
    headers = {"Authorization": f"Token {token}"} if token else {}
    data = orjson.dumps(payload) if payload is not None else b""
    response = await api.client.generic(
        method, path, data, content_type="application/json", headers=headers
    )
    assert response.status_code in {200, 201}, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.content


async def test_every_response_is_its_documented_schema_byte_for_byte(api, member, other):
    await Follow.objects.acreate(follower=member.user, followee=other.user)
    await api.put(
        "/api/user",
        {"user": {"bio": "Ünïcode bio", "image": "https://x.test/a.png"}},
        token=other.token,
    )
    article = await factories.article(other.user, tags=["zeta", "alpha"], body="# Hi\n\n*there* 🐉")
    await factories.article(other.user)
    await factories.favorite(article, member.user)
    await factories.comment(article, member.user)
    slug = article.slug
    cases: list[tuple[str, str, Any, str | None, type[BaseModel]]] = [
        ("GET", "/api/articles", None, None, MultipleArticlesResponse),
        ("GET", "/api/articles", None, member.token, MultipleArticlesResponse),
        ("GET", "/api/articles?tag=zeta", None, member.token, MultipleArticlesResponse),
        ("GET", "/api/articles/feed", None, member.token, MultipleArticlesResponse),
        ("GET", f"/api/articles/{slug}", None, None, SingleArticleResponse),
        ("GET", f"/api/articles/{slug}", None, member.token, SingleArticleResponse),
        ("GET", f"/api/articles/{slug}/comments", None, member.token, MultipleCommentsResponse),
        ("GET", f"/api/profiles/{other.user.username}", None, member.token, ProfileResponse),
        ("GET", "/api/user", None, member.token, UserResponse),
        ("GET", "/api/tags", None, None, TagsResponse),
        ("POST", f"/api/articles/{slug}/favorite", None, other.token, SingleArticleResponse),
        ("DELETE", f"/api/articles/{slug}/favorite", None, other.token, SingleArticleResponse),
        (
            "POST",
            f"/api/profiles/{other.user.username}/follow",
            None,
            member.token,
            ProfileResponse,
        ),
        (
            "POST",
            f"/api/articles/{slug}/comments",
            {"comment": {"body": "Nice"}},
            member.token,
            SingleCommentResponse,
        ),
        (
            "POST",
            "/api/articles",
            {"article": {"title": "T", "description": "d", "body": "b", "tagList": ["x"]}},
            member.token,
            SingleArticleResponse,
        ),
        (
            "PUT",
            f"/api/articles/{slug}",
            {"article": {"body": "New"}},
            other.token,
            SingleArticleResponse,
        ),
        ("PUT", "/api/user", {"user": {"bio": None}}, member.token, UserResponse),
    ]
    for method, path, payload, token, schema in cases:
        assert_wire(await send(api, method, path, payload, token), schema)
