"""Cross-cutting HTTP behaviour: error bodies, content types, CORS."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


async def test_malformed_json_is_422(api):
    r = await api.post("/api/users", raw=b'{"user": ')
    assert r.status == 422
    assert r.body == {"errors": {"body": ["is not valid JSON"]}}


async def test_empty_body_where_one_is_required_is_422(api):
    r = await api.post("/api/users", raw=b"")
    assert r.status == 422
    assert r.body == {"errors": {"body": ["can't be blank"]}}


@pytest.mark.parametrize("body", [b"[]", b'"user"', b"42", b"null"])
async def test_body_that_is_not_an_object_is_422(api, body):
    r = await api.post("/api/users", raw=body)
    assert r.status == 422
    assert "errors" in r.body


async def test_wrapper_that_is_not_an_object_is_422(api):
    r = await api.post("/api/users", {"user": "jake"})
    assert r.status == 422
    assert r.body == {"errors": {"user": ["must be an object"]}}


async def test_form_encoded_body_is_415(api):
    r = await api.post(
        "/api/users/login",
        raw=b"email=a&password=b",
        content_type="application/x-www-form-urlencoded",
    )
    assert r.status == 415
    assert r.body == {"errors": {"body": ["must be JSON (Content-Type: application/json)"]}}


async def test_json_with_charset_is_accepted(api):
    r = await api.post(
        "/api/users/login",
        raw=b'{"user": {"email": "a@b.c", "password": "whatever1"}}',
        content_type="application/json; charset=utf-8",
    )
    assert r.status == 401


async def test_unknown_api_path_is_json_404(api):
    r = await api.get("/api/no/such/thing")
    assert r.status == 404
    assert r.body == {"errors": {"resource": ["not found"]}}


async def test_responses_are_utf8_json(api):
    r = await api.get("/api/tags")
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"


async def test_cors_preflight_allows_authorization_and_content_type(api):
    r = await api.request(
        "OPTIONS",
        "/api/articles",
        headers={
            "Origin": "http://localhost:4100",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert r.status == 200
    assert r.headers["access-control-allow-origin"] in {"*", "http://localhost:4100"}
    allowed = {h.strip().lower() for h in r.headers["access-control-allow-headers"].split(",")}
    assert {"authorization", "content-type"} <= allowed
    assert "PUT" in r.headers["access-control-allow-methods"]


async def test_cors_headers_on_actual_requests(api):
    r = await api.get("/api/tags", headers={"Origin": "http://localhost:4100"})
    assert r.headers["access-control-allow-origin"] in {"*", "http://localhost:4100"}


async def test_cors_origins_come_from_settings(api, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    allowed = await api.get("/api/tags", headers={"Origin": "https://app.example.com"})
    refused = await api.get("/api/tags", headers={"Origin": "https://evil.example.com"})
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "access-control-allow-origin" not in {k.lower() for k in refused.headers}
