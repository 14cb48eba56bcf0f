"""A body must say it is JSON: `text/plain` or no Content-Type is 415 in the spec's error shape
(a foreign web page could otherwise post to login or register as a CORS "simple request")."""

import orjson
import pytest

from core.domain.models import User

pytestmark = pytest.mark.django_db(transaction=True)

NOT_JSON = ["text/plain", "text/plain; charset=utf-8", "", "multipart/form-data; boundary=x"]
UNSUPPORTED = {"errors": {"body": ["must be JSON (Content-Type: application/json)"]}}
NEW_USER = {"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}}


@pytest.mark.parametrize("content_type", NOT_JSON)
async def test_register_and_login_refuse_a_json_body_that_does_not_say_so(api, content_type):
    r = await api.post("/api/users", raw=orjson.dumps(NEW_USER), content_type=content_type)
    assert (r.status, r.body) == (415, UNSUPPORTED)
    assert not await User.objects.aexists()
    login = {"user": {"email": "jake@jake.jake", "password": "jakejake"}}
    r = await api.post("/api/users/login", raw=orjson.dumps(login), content_type=content_type)
    assert (r.status, r.body) == (415, UNSUPPORTED)


@pytest.mark.parametrize("content_type", ["text/plain", ""])
async def test_writes_with_a_token_refuse_it_too(api, member, content_type):
    article = {"article": {"title": "t", "description": "d", "body": "b"}}
    r = await api.post(
        "/api/articles", raw=orjson.dumps(article), content_type=content_type, token=member.token
    )
    assert (r.status, r.body) == (415, UNSUPPORTED)


@pytest.mark.parametrize("content_type", ["application/json", "application/vnd.api+json"])
async def test_json_media_types_are_accepted(api, content_type):
    r = await api.post("/api/users", raw=orjson.dumps(NEW_USER), content_type=content_type)
    assert r.status == 201
