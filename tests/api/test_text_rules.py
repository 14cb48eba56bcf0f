"""Text people can trust (issue 13): nothing-but-invisible text, bidirectional overrides and
look-alike usernames are refused with 422 in the spec's error shape."""

import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from core.domain import text
from core.domain.models import User

pytestmark = pytest.mark.django_db(transaction=True)

ZWSP = "\u200b"
RLO = "\u202e"
CYRILLIC_A = "\u0430"
INVISIBLE_ONLY = [ZWSP * 3, "\u2060\ufeff", "\u3164", " \u200c\u200d ", "\U000e0041\U000e0042"]
OPENAPI = json.loads((Path(__file__).resolve().parents[2] / "openapi.json").read_text())


def article(**fields):
    return {"article": {"title": "t", "description": "d", "body": "b", **fields}}


def assert_422(r, field, message):
    assert r.status == 422, r.body
    assert r.body == {"errors": {field: [message]}}


@pytest.mark.parametrize("value", INVISIBLE_ONLY)
async def test_a_title_or_tag_of_only_invisible_characters_is_blank(api, member, value):
    r = await api.post("/api/articles", article(title=value), token=member.token)
    assert_422(r, "title", "can't be blank")
    r = await api.post("/api/articles", article(tagList=["ok", value]), token=member.token)
    assert r.status == 422
    assert list(r.body["errors"]) == ["tagList"]


@pytest.mark.parametrize("value", INVISIBLE_ONLY)
async def test_a_bio_of_only_invisible_characters_is_refused(api, member, value):
    r = await api.put("/api/user", {"user": {"bio": value}}, token=member.token)
    assert r.status == 422
    assert list(r.body["errors"]) == ["bio"]


@pytest.mark.parametrize(
    "control", ["\u202a", "\u202b", "\u202c", "\u202d", RLO, "\u2066", "\u2069"]
)
async def test_bidirectional_overrides_are_refused_in_titles_tags_and_bios(api, member, control):
    message = "must not contain bidirectional override or isolate characters"
    r = await api.post(
        "/api/articles", article(title=f"invoice{control}fdp.exe"), token=member.token
    )
    assert_422(r, "title", message)
    r = await api.post("/api/articles", article(tagList=[f"a{control}b"]), token=member.token)
    assert r.status == 422
    r = await api.put("/api/user", {"user": {"bio": f"hi {control}there"}}, token=member.token)
    assert_422(r, "bio", message)
    r = await api.post("/api/users", {"user": {"username": f"a{control}b", "email": "x@example.com", "password": "password123"}})  # fmt: skip
    assert r.status == 422


async def test_visible_text_with_joiners_and_right_to_left_script_is_kept(api, member):
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # an emoji sequence joined by ZWJs
    title = f"שלום {family} مرحبا"
    r = await api.post("/api/articles", article(title=title, tagList=[family]), token=member.token)
    assert r.status == 201, r.body
    assert (r.body["article"]["title"], r.body["article"]["tagList"]) == (title, [family])


def register(api, username, email=None):
    user = {"username": username, "email": email or f"{len(username)}{hash(username)}@example.com", "password": "password123"}  # fmt: skip
    return api.post("/api/users", {"user": user})


async def test_a_username_that_looks_like_an_existing_one_is_refused(api, member):
    assert (await register(api, "jake")).status == 201
    look_alike = f"j{CYRILLIC_A}ke"
    assert_422(await register(api, look_alike), "username", "looks like another user's name")
    r = await api.put("/api/user", {"user": {"username": look_alike}}, token=member.token)
    assert_422(r, "username", "looks like another user's name")
    # Greek omicron for o, Cyrillic es for c: also one skeleton.
    assert (await register(api, "coco")).status == 201
    assert (await register(api, "\u0441\u03bf\u0441o")).status == 422
    # Names that merely resemble are fine: accents show, and digits are not letters.
    assert (await register(api, "jaké")).status == 201
    assert (await register(api, "j0hn")).status == 201
    assert (await register(api, "john")).status == 201


async def test_renaming_to_a_look_alike_of_ones_own_name_is_allowed(api, member):
    name = member.user.username
    r = await api.put("/api/user", {"user": {"username": name, "bio": "same"}}, token=member.token)
    assert r.status == 200


async def test_usernames_are_stored_nfkc_normalised(api):
    r = await register(api, "\uff4a\uff4f\uff45")  # fullwidth "joe"
    assert r.status == 201
    assert r.body["user"]["username"] == "joe"
    assert (await register(api, "joe")).status == 409
    user = await User.objects.aget(username="joe")
    assert user.username_skeleton == text.skeleton("joe")
    # NFKC may lengthen a name past the limit: 422, not a database error.
    long = "\ufdfa" * 4  # each one is 18 letters under NFKC
    r = await register(api, long)
    assert r.status == 422
    assert list(r.body["errors"]) == ["username"]


def test_the_invisible_table_holds_every_format_character():
    """`re` cannot name a Unicode category, so the table is written out: checked against this
    Python's Unicode data for every code point."""
    table: set[int] = set()
    for first, last in text.INVISIBLE:
        table.update(range(first, last + 1))
    format_chars = {
        code for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"
    }
    assert format_chars <= table
    for code in table:  # and nothing in it shows
        assert not text.has_visible(chr(code))
    assert text.has_visible("a" + ZWSP)


def test_the_openapi_patterns_state_the_rules():
    schemas = OPENAPI["components"]["schemas"]
    title = next(
        prop["pattern"]
        for schema in schemas.values()
        for name, prop in schema.get("properties", {}).items()
        if name == "title" and "pattern" in prop
    )
    pattern = re.compile(title)
    assert pattern.search("A title") is not None
    assert pattern.search(f"{ZWSP} {ZWSP}") is None
    assert pattern.search(f"a{RLO}b") is None
