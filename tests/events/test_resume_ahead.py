"""A `Last-Event-ID` ahead of the newest event (a client of the server before its database was
restored or recreated) gets a `reset` saying so, not "events since then are not kept", and the
stream goes on from the newest event."""

import json

import pytest
from websockets.asyncio.client import connect

from core.domain.events.subscription import AHEAD
from tests.events.streams import stream

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

FAR_AHEAD = 10**17


async def test_an_sse_resume_ahead_of_the_newest_event_is_a_reset_to_it(events_server, writer):
    await writer.article()
    async with stream(events_server.url, "articles", last_id=FAR_AHEAD) as events:
        reset = await events.next()
        assert (reset.name, reset.data) == ("reset", {"reason": AHEAD})
        assert 0 < reset.id < FAR_AHEAD  # the newest id: continue from there
        slug = await writer.article()
        after = await events.next_matching(lambda e: e.name == "article.created")
        assert after.data["article"]["slug"] == slug
        assert after.id > reset.id


async def test_a_websocket_resume_ahead_is_the_same_reset(events_server):
    url = events_server.url.replace("http://", "ws://") + "/ws/events"
    async with connect(url) as socket:
        subscribe = {"type": "subscribe", "topics": ["articles"], "lastEventId": FAR_AHEAD}
        await socket.send(json.dumps(subscribe))
        assert json.loads(await socket.recv())["type"] == "subscribed"
        reset = json.loads(await socket.recv())
        assert (reset["event"], reset["data"]) == ("reset", {"reason": AHEAD})
        assert reset["id"] < FAR_AHEAD
