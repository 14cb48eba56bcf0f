"""An article whose slug is as long as slugs get (a taken 255-character title) can be followed
live: the topic parser takes every slug the articles table can hold."""

import pytest

from core.domain.limits import TITLE_MAX
from tests.events.streams import stream

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


async def test_the_longest_slug_can_be_followed_live(events_server, writer):
    title = "b" * TITLE_MAX
    await writer.article(title)
    slug = await writer.article(title)  # taken: a suffix makes it longer than the title
    assert len(slug) > TITLE_MAX
    async with stream(events_server.url, f"article:{slug}") as live:
        r = await writer.call("POST", f"/api/articles/{slug}/favorite")
        assert r.status_code == 200
        event = await live.next()
    assert (event.name, event.data) == ("article.favorites", {"slug": slug, "favoritesCount": 1})
