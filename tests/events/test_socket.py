"""/ws/events against a real uvicorn: the same topics, events and resume over a WebSocket."""

import asyncio
import json
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin

from tests import live
from tests.events.conftest import SPA_ORIGIN

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def ws_url(server: live.Server) -> str:
    return server.url.replace("http://", "ws://") + "/ws/events"


async def send(socket: ClientConnection, message: dict[str, Any]) -> None:
    await socket.send(json.dumps(message))


async def receive(socket: ClientConnection, wait: float = 10) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(socket.recv(), wait))
    return message


async def event_about(socket: ClientConnection, slug: str) -> dict[str, Any]:
    """The next event about `slug` (other tests share the server)."""
    while True:
        message = await receive(socket)
        data = message.get("data", {})
        if data.get("slug", data.get("article", {}).get("slug")) == slug:
            return message


async def test_subscribe_receive_and_resume(events_server, writer):
    async with connect(ws_url(events_server)) as socket:
        await send(socket, {"type": "subscribe", "topics": ["articles"]})
        assert await receive(socket) == {"type": "subscribed", "topics": ["articles"]}
        slug = await writer.article()
        created = await event_about(socket, slug)
    assert created["type"] == "event"
    assert created["event"] == "article.created"
    assert created["data"]["article"]["slug"] == slug

    await writer.call("POST", f"/api/articles/{slug}/favorite")
    async with connect(ws_url(events_server)) as socket:
        await send(
            socket,
            {"type": "subscribe", "topics": [f"article:{slug}"], "lastEventId": created["id"]},
        )
        assert (await receive(socket))["type"] == "subscribed"
        missed = await receive(socket)
        assert missed["event"] == "article.favorites"
        assert missed["data"] == {"slug": slug, "favoritesCount": 1}
        assert missed["id"] > created["id"]


async def test_token_auth_in_the_first_message_opens_the_private_topics(
    events_server, writer, reader
):
    async with connect(ws_url(events_server)) as socket:
        await send(socket, {"type": "subscribe", "topics": ["feed"]})
        refused = await receive(socket)
        assert refused == {
            "type": "error",
            "status": 401,
            "errors": {"token": ["is missing (the feed and user topics need one)"]},
        }
        await send(socket, {"type": "auth", "token": reader.token})
        assert await receive(socket) == {"type": "authenticated"}
        await send(socket, {"type": "subscribe", "topics": ["feed", "user"]})
        assert await receive(socket) == {"type": "subscribed", "topics": ["feed", "user"]}
        await reader.call("POST", f"/api/profiles/{writer.username}/follow")
        followed = await receive(socket)
        assert followed["event"] == "profile.followed"
        slug = await writer.article()
        in_feed = await receive(socket)
        assert (in_feed["event"], in_feed["data"]["article"]["slug"]) == ("article.created", slug)


async def test_unsubscribing_stops_a_topic_without_losing_the_others(events_server, writer):
    one, two = await writer.article(), await writer.article()
    async with connect(ws_url(events_server)) as socket:
        await send(socket, {"type": "subscribe", "topics": [f"article:{one}", f"article:{two}"]})
        assert (await receive(socket))["topics"] == sorted([f"article:{one}", f"article:{two}"])
        await send(socket, {"type": "unsubscribe", "topics": [f"article:{one}"]})
        assert await receive(socket) == {"type": "subscribed", "topics": [f"article:{two}"]}
        await writer.call("POST", f"/api/articles/{one}/favorite")
        await writer.call("POST", f"/api/articles/{two}/favorite")
        message = await receive(socket)
        assert message["data"] == {"slug": two, "favoritesCount": 1}


@pytest.mark.parametrize(
    ("message", "errors"),
    [
        ("not json", {"message": ["is not valid JSON"]}),
        ("[1, 2]", {"message": ["must be a JSON object"]}),
        ('{"type": "dance"}', {"type": ["must be auth, subscribe or unsubscribe"]}),
        ('{"type": "subscribe", "topics": 5}', {"topics": ["must be a list of topic names"]}),
        ('{"type": "subscribe", "topics": ["nope"]}', {"topics": ["unknown topic 'nope': use articles, article:<slug>, feed, user"]}),
        ('{"type": "subscribe", "topics": ["articles"], "lastEventId": "x"}', {"lastEventId": ["must be a non-negative integer"]}),
        ('{"type": "auth", "token": "forged"}', {"token": ["is invalid"]}),
    ],
)  # fmt: skip
async def test_bad_messages_get_an_error_and_the_socket_stays_open(events_server, message, errors):
    async with connect(ws_url(events_server)) as socket:
        await socket.send(message)
        answer = await receive(socket)
        assert answer["type"] == "error"
        assert answer["errors"] == errors
        await send(socket, {"type": "subscribe", "topics": ["articles"]})
        assert (await receive(socket))["type"] == "subscribed"


async def test_other_paths_and_foreign_origins_are_refused(events_server):
    with pytest.raises(InvalidStatus, match="403"):
        async with connect(ws_url(events_server).replace("/ws/events", "/ws/other")):
            pass
    with pytest.raises(InvalidStatus, match="403"):
        async with connect(ws_url(events_server), origin=Origin("http://evil.example")):
            pass
    for allowed in (SPA_ORIGIN, events_server.url):  # a CORS origin; the app's own pages
        async with connect(ws_url(events_server), origin=Origin(allowed)) as socket:
            await send(socket, {"type": "subscribe", "topics": ["articles"]})
            assert (await receive(socket))["type"] == "subscribed"
