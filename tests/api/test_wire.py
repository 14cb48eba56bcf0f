"""Real responses and event payloads, with every kind of value in them, are what openapi.json
says they are.

The schemas' models both document and serialise each body (api.rendering.respond), so there is
no second copy to compare with; what can still go wrong is the document and the wire parting
(a hand-edited openapi.json, a model whose JSON schema says less or other than what it writes).
So each body is checked against the committed document itself, formats included, with the
cases contract fuzzing (tests/test_fuzz.py, random data) may never draw: following and favorited
both ways, a null and a set image, Unicode, a feed, a tag filter, every event. Timestamps keep
their exact format (schemas.fields.iso_millis: milliseconds, `Z`).
"""

import json
import re
from typing import Any

import jsonschema_rs
import orjson
import pytest
from asgiref.sync import sync_to_async

from core.domain.events.outbox import after
from core.domain.events.subscription import NOT_KEPT, Reset
from core.domain.models import Follow
from schemas.events import EVENT_SCHEMAS
from tests import factories
from tests.live import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENT = json.loads((ROOT / "openapi.json").read_text())
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def documented(schema: dict[str, Any]) -> jsonschema_rs.Validator:
    """A validator of `schema`, its `$ref`s resolved in the committed document."""
    root = {**schema, "components": DOCUMENT["components"]}
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


def response_schema(operation_id: str, status: int) -> dict[str, Any]:
    for operations in DOCUMENT["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                content = operation["responses"][str(status)]["content"]
                schema: dict[str, Any] = content["application/json"]["schema"]
                return schema
    raise LookupError(operation_id)


def timestamps(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [
            found
            for key, item in value.items()
            for found in ([item] if key in {"createdAt", "updatedAt"} else timestamps(item))
        ]
    if isinstance(value, list):
        return [found for item in value for found in timestamps(item)]
    return []


def assert_documented(body: Any, schema: dict[str, Any], where: str) -> None:
    errors = [error.message for error in documented(schema).iter_errors(body)]
    assert not errors, (where, errors, body)
    for stamp in timestamps(body):
        assert TIMESTAMP.match(stamp), (where, stamp)


async def test_every_response_is_what_the_document_says(api, member, other):
    await Follow.objects.acreate(follower=member.user, followee=other.user)
    await api.put(
        "/api/user",
        {"user": {"bio": "Ünïcode bio", "image": "https://x.test/a.png"}},
        token=other.token,
    )
    article = await factories.article(other.user, tags=["zeta", "alpha"], body="# Hi\n\n*there* 🐉")
    await factories.article(other.user)
    await factories.favorite(article, member.user)
    comment = await factories.comment(article, member.user)
    slug, name = article.slug, other.user.username
    new_article = {"article": {"title": "T", "description": "d", "body": "b", "tagList": ["x"]}}
    cases: list[tuple[str, str, str, Any, str | None]] = [
        ("GetArticles", "GET", "/api/articles", None, None),
        ("GetArticles", "GET", "/api/articles", None, member.token),
        ("GetArticles", "GET", "/api/articles?tag=zeta", None, member.token),
        ("GetArticlesFeed", "GET", "/api/articles/feed", None, member.token),
        ("GetArticle", "GET", f"/api/articles/{slug}", None, None),
        ("GetArticle", "GET", f"/api/articles/{slug}", None, member.token),
        ("GetArticleComments", "GET", f"/api/articles/{slug}/comments", None, member.token),
        ("GetProfileByUsername", "GET", f"/api/profiles/{name}", None, member.token),
        ("GetProfileByUsername", "GET", f"/api/profiles/{name}", None, None),
        ("GetCurrentUser", "GET", "/api/user", None, member.token),
        ("GetTags", "GET", "/api/tags", None, None),
        ("CreateArticleFavorite", "POST", f"/api/articles/{slug}/favorite", None, other.token),
        ("DeleteArticleFavorite", "DELETE", f"/api/articles/{slug}/favorite", None, other.token),
        ("UnfollowUserByUsername", "DELETE", f"/api/profiles/{name}/follow", None, member.token),
        ("FollowUserByUsername", "POST", f"/api/profiles/{name}/follow", None, member.token),
        (
            "CreateArticleComment",
            "POST",
            f"/api/articles/{slug}/comments",
            {"comment": {"body": "Nice"}},
            member.token,
        ),
        ("CreateArticle", "POST", "/api/articles", new_article, member.token),
        (
            "UpdateArticle",
            "PUT",
            f"/api/articles/{slug}",
            {"article": {"title": "New"}},
            other.token,
        ),
        ("UpdateCurrentUser", "PUT", "/api/user", {"user": {"bio": None}}, member.token),
        ("CreateEventsTicket", "POST", "/api/events/ticket", None, member.token),
        ("GetApiIndex", "GET", "/api/", None, None),
    ]
    for operation_id, method, path, payload, token in cases:
        headers = {"Authorization": f"Token {token}"} if token else {}
        data = orjson.dumps(payload) if payload is not None else b""
        response = await api.client.generic(
            method, path, data, content_type="application/json", headers=headers
        )
        assert response.status_code in {200, 201}, (path, response.content)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        schema = response_schema(operation_id, response.status_code)
        assert_documented(orjson.loads(response.content), schema, f"{method} {path}")

    # With two deletes, the writes above recorded every kind of event; a stream adds `reset`.
    await api.delete(f"/api/articles/new/comments/{comment.pk}", token=member.token)
    await api.delete("/api/articles/new", token=other.token)
    events = [(e.name, e.data) for e in await sync_to_async(after)(0, everything=True)]
    events.append(("reset", Reset(id=0, reason=NOT_KEPT).data))
    assert {name for name, _ in events} == set(EVENT_SCHEMAS)
    for name, payload_text in events:
        ref = {"$ref": f"#/components/schemas/{EVENT_SCHEMAS[name].__name__}"}
        assert_documented(orjson.loads(payload_text), ref, name)
