"""Garbage in, a clear 4xx in the spec's error shape out: never a 500, never HTML."""

import json
from urllib.parse import quote

import pytest

from core.domain import limits
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def assert_error_shape(r, status):
    assert r.status == status, r.body
    assert r.headers["Content-Type"].startswith("application/json")
    assert set(r.body) >= {"errors"}
    assert all(
        isinstance(key, str)
        and isinstance(messages, list)
        and all(isinstance(m, str) for m in messages)
        for key, messages in r.body["errors"].items()
    )


# --- bodies ---------------------------------------------------------------------------------


async def test_body_over_the_size_limit_is_413(api, member, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = settings.MAX_REQUEST_BODY_BYTES = 1000
    r = await api.post(
        "/api/articles",
        {"article": {"title": "t", "description": "d", "body": "x" * 2000}},
        token=member.token,
    )
    assert_error_shape(r, 413)
    assert r.body["errors"] == {"body": ["is too large (maximum is 1000 bytes)"]}


async def test_the_largest_valid_article_fits_in_the_default_body_limit(api, member):
    # The worst case the field limits allow: every character an emoji, sent as ASCII JSON
    # escapes (a surrogate pair, 12 bytes), as Python's json.dumps writes them.
    emoji = "\U0001f409"
    article = {
        "title": emoji * limits.TITLE_MAX,
        "description": emoji * limits.DESCRIPTION_MAX,
        "body": emoji * limits.BODY_MAX,
        "tagList": [
            f"{i:02}{emoji * (limits.TAG_MAX - 2)}" for i in range(limits.TAGS_PER_ARTICLE_MAX)
        ],
    }
    raw = json.dumps({"article": article}).encode()
    assert len(raw) > 1_000_000
    r = await api.post("/api/articles", raw=raw, token=member.token)
    assert r.status == 201, r.body


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"article": {"title": 1, "description": "d", "body": "b"}}, "title", "must be a string"),
        (
            {"article": {"title": "t", "description": "d", "body": ["b"]}},
            "body",
            "must be a string",
        ),
        (
            {"article": {"title": "t", "description": "d", "body": "b", "tagList": "x"}},
            "tagList",
            "must be a list",
        ),
        (
            {"article": {"title": "t", "description": "d", "body": "b", "tagList": [1]}},
            "tagList",
            "must be a string",
        ),
        (
            {"article": {"title": "t", "description": True, "body": "b"}},
            "description",
            "must be a string",
        ),
        ({"article": []}, "article", "must be an object"),
        ({"title": "t", "description": "d", "body": "b"}, "article", "can't be blank"),
    ],
)
async def test_wrong_types_and_missing_wrappers_are_422(api, member, payload, field, message):
    r = await api.post("/api/articles", payload, token=member.token)
    assert_error_shape(r, 422)
    assert message in r.body["errors"][field]


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("title", limits.TITLE_MAX),
        ("description", limits.DESCRIPTION_MAX),
        ("body", limits.BODY_MAX),
    ],
)
async def test_over_long_article_fields_are_422(api, member, field, limit):
    article = {"title": "t", "description": "d", "body": "b", field: "x" * (limit + 1)}
    r = await api.post("/api/articles", {"article": article}, token=member.token)
    assert_error_shape(r, 422)
    assert r.body["errors"] == {field: [f"is too long (maximum is {limit} characters)"]}


async def test_too_many_or_too_long_tags_are_422(api, member):
    base = {"title": "t", "description": "d", "body": "b"}
    many = [f"t{i}" for i in range(limits.TAGS_PER_ARTICLE_MAX + 1)]
    r = await api.post("/api/articles", {"article": {**base, "tagList": many}}, token=member.token)
    assert_error_shape(r, 422)
    long = ["x" * (limits.TAG_MAX + 1)]
    r = await api.post("/api/articles", {"article": {**base, "tagList": long}}, token=member.token)
    assert_error_shape(r, 422)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("bio", "x" * (limits.BIO_MAX + 1)),
        ("image", "https://example.com/" + "x" * limits.IMAGE_URL_MAX),
        ("username", "x" * (limits.USERNAME_MAX + 1)),
    ],
)
async def test_over_long_user_fields_are_422(api, member, field, value):
    r = await api.put("/api/user", {"user": {field: value}}, token=member.token)
    assert_error_shape(r, 422)
    assert r.body["errors"][field][0].startswith("is too long")


async def test_over_long_comment_is_422(api, member):
    article = await factories.article(member.user)
    r = await api.post(
        f"/api/articles/{article.slug}/comments",
        {"comment": {"body": "x" * (limits.COMMENT_MAX + 1)}},
        token=member.token,
    )
    assert_error_shape(r, 422)


async def test_surrounding_whitespace_does_not_count_against_a_limit_it_exceeds(api, member):
    """The limit is on what is sent (what maxLength documents), stripping comes after."""
    title = " " + "x" * limits.TITLE_MAX
    r = await api.post(
        "/api/articles",
        {"article": {"title": title, "description": "d", "body": "b"}},
        token=member.token,
    )
    assert_error_shape(r, 422)


@pytest.mark.parametrize(
    "image",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "http://",
        "https://exa mple.com/a.png",
        "http://[::1",
    ],
)
async def test_image_urls_other_than_http_are_refused(api, member, image):
    r = await api.put("/api/user", {"user": {"image": image}}, token=member.token)
    assert_error_shape(r, 422)
    assert r.body["errors"] == {"image": ["must be an http or https URL"]}


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"])
async def test_control_characters_are_refused_everywhere(api, member, char):
    article = {
        "title": f"a{char}b",
        "description": f"d{char}d",
        "body": f"b{char}b",
        "tagList": [f"t{char}t"],
    }
    r = await api.post("/api/articles", {"article": article}, token=member.token)
    assert_error_shape(r, 422)
    assert set(r.body["errors"]) == {"title", "description", "body", "tagList"}
    r = await api.put("/api/user", {"user": {"bio": f"x{char}y"}}, token=member.token)
    assert_error_shape(r, 422)


async def test_newlines_and_tabs_are_text_in_long_fields(api, member):
    article = {"title": "t", "description": "a\tb", "body": "line 1\r\nline 2\n"}
    r = await api.post("/api/articles", {"article": article}, token=member.token)
    assert r.status == 201
    assert r.body["article"]["body"] == "line 1\r\nline 2"


async def test_unknown_fields_are_ignored_at_every_level(api, member):
    r = await api.post(
        "/api/articles",
        {
            "article": {"title": "t", "description": "d", "body": "b", "slug": "mine", "id": 7},
            "extra": {"anything": [1, 2]},
        },
        token=member.token,
    )
    assert r.status == 201
    assert r.body["article"]["slug"] == "t"


async def test_invalid_utf8_is_a_clean_4xx(api, member):
    r = await api.post("/api/users/login", raw=b'{"user": {"email": "\xff\xfe", "password": "x"}}')
    assert_error_shape(r, 422)


# --- query strings and paths ----------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["limit=-1", "limit=0", "limit=abc", "offset=-5", "offset=1.5", "limit=1e3", "limit=%00"],
)
async def test_invalid_pagination_is_422(api, query):
    r = await api.get(f"/api/articles?{query}")
    assert_error_shape(r, 422)


@pytest.mark.parametrize(
    ("query", "field"),
    [("tag=%00", "tag"), ("author=a%00b", "author"), ("favorited=%00", "favorited")],
)
async def test_nul_in_a_filter_is_422_not_a_database_error(api, query, field):
    r = await api.get(f"/api/articles?{query}")
    assert_error_shape(r, 422)
    assert r.body == {"errors": {field: ["must not contain control characters"]}}


async def test_nul_in_a_login_email_is_422(api):
    r = await api.post(
        "/api/users/login", {"user": {"email": "a\x00@b.c", "password": "whatever1"}}
    )
    assert_error_shape(r, 422)
    assert r.body == {"errors": {"email": ["must not contain control characters"]}}


@pytest.mark.parametrize("query", ["limit=100000000000000000000000", "offset=99999999999999999999"])
async def test_absurdly_large_pagination_is_capped_or_refused_never_a_500(api, query):
    r = await api.get(f"/api/articles?{query}")
    assert r.status in {200, 422}
    if r.status == 200:
        assert r.body["articles"] == []


@pytest.mark.parametrize(
    "slug",
    [
        "%00",
        "a" * 5000,
        "..%2F..%2Fetc%2Fpasswd",
        quote("<script>"),
        quote("' OR 1=1 --"),
        "%F0%9F%92%A9",
    ],
)
async def test_unknown_slug_formats_are_404(api, member, slug):
    for method, path in [
        ("GET", f"/api/articles/{slug}"),
        ("GET", f"/api/articles/{slug}/comments"),
        ("POST", f"/api/articles/{slug}/favorite"),
        ("DELETE", f"/api/articles/{slug}"),
    ]:
        r = await api.request(method, path, token=member.token)
        assert_error_shape(r, 404)


@pytest.mark.parametrize("comment_id", ["abc", "-1", "0", "1.5", "99999999999999999999999", "%00"])
async def test_unknown_comment_id_formats_are_4xx(api, member, comment_id):
    article = await factories.article(member.user)
    r = await api.delete(f"/api/articles/{article.slug}/comments/{comment_id}", token=member.token)
    assert r.status in {404, 422}
    assert_error_shape(r, r.status)


# --- methods and unknown routes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PATCH", "/api/user", {"GET", "PUT"}),
        ("DELETE", "/api/tags", {"GET"}),
        ("PUT", "/api/users/login", {"POST"}),
        ("TRACE", "/api/articles", {"GET", "POST"}),
    ],
)
async def test_unsupported_method_is_json_405_with_allow(api, method, path, allowed):
    r = await api.request(method, path)
    assert_error_shape(r, 405)
    assert r.body == {"errors": {"method": [f"{method} is not allowed here"]}}
    assert {m.strip() for m in r.headers["Allow"].split(",")} == allowed


@pytest.mark.parametrize("path", ["/api/articles/", "/api/users/login/x", "/api/%00"])
async def test_unknown_api_paths_are_json_404(api, path):
    r = await api.get(path)
    assert_error_shape(r, 404)


async def test_disallowed_host_is_json_400(api):
    r = await api.get("/api/tags", headers={"Host": "evil.example.com"})
    assert_error_shape(r, 400)
