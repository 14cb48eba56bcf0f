"""One slug limit (core.domain.limits.SLUG_MAX) for the articles and events columns, the topic
parser and the documented topic pattern: a long title taken twice still gets a slug that fits."""

import json
import re

import pytest

from core.config.settings import BASE_DIR
from core.domain.errors import Invalid
from core.domain.events.topics import parse_topics
from core.domain.limits import SLUG_MAX, TITLE_MAX
from core.domain.models import Article, Event

pytestmark = pytest.mark.django_db(transaction=True)

LONG_TITLE = "a" * TITLE_MAX


async def create(api, member, title):
    article = {"title": title, "description": "d", "body": "b"}
    return await api.post("/api/articles", {"article": article}, token=member.token)


async def test_a_taken_title_of_the_longest_length_gets_a_unique_slug_within_the_limit(api, member):
    first = await create(api, member, LONG_TITLE)
    second = await create(api, member, LONG_TITLE)
    assert (first.status, second.status) == (201, 201), second.body
    slugs = {first.body["article"]["slug"], second.body["article"]["slug"]}
    assert len(slugs) == 2
    assert all(len(slug) <= SLUG_MAX for slug in slugs)
    # The events recorded them whole (the column that refused them on PostgreSQL).
    recorded = {slug async for slug in Event.objects.values_list("slug", flat=True)}
    assert slugs <= recorded


async def test_renaming_to_a_taken_title_of_the_longest_length(api, member):
    assert (await create(api, member, LONG_TITLE)).status == 201
    other = (await create(api, member, "short")).body["article"]["slug"]
    r = await api.put(
        f"/api/articles/{other}", {"article": {"title": LONG_TITLE}}, token=member.token
    )
    assert r.status == 200, r.body
    slug = r.body["article"]["slug"]
    assert len(slug) <= SLUG_MAX
    assert await Article.objects.filter(slug=slug).aexists()


def test_the_limit_is_the_same_in_the_columns_the_parser_and_the_docs():
    assert Article._meta.get_field("slug").max_length == SLUG_MAX
    assert Event._meta.get_field("slug").max_length == SLUG_MAX
    assert Event._meta.get_field("previous_slug").max_length == SLUG_MAX
    assert parse_topics([f"article:{'a' * SLUG_MAX}"]).slugs == {"a" * SLUG_MAX}
    with pytest.raises(Invalid):
        parse_topics([f"article:{'a' * (SLUG_MAX + 1)}"])
    document = json.loads((BASE_DIR / "openapi.json").read_text())
    topics = next(
        p for p in document["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "topics"
    )
    pattern = topics["schema"]["pattern"]
    assert f"{{1,{SLUG_MAX}}}" in pattern
    assert re.fullmatch(pattern, f"article:{'a' * SLUG_MAX}")
    assert not re.fullmatch(pattern, f"article:{'a' * (SLUG_MAX + 1)}")
