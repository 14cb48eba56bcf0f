"""A validly signed token whose subject is a huge number: the stream answers a JSON 401 and
the WebSocket an error message (it stays open), as for any bad token."""

import json
import time

import httpx
import jwt
import pytest
from websockets.asyncio.client import connect

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def huge_subject_token() -> str:
    # The live servers run with the default development secret (no JWT_SECRET in their env).
    from core.config.settings import DEV_SECRET_KEY

    now = int(time.time())
    claims = {"sub": str(10**30), "iat": now, "exp": now + 3600, "sid": "s", "ep": 0}
    return jwt.encode(claims, DEV_SECRET_KEY, algorithm="HS256")


async def test_the_event_stream_answers_a_json_401(events_server):
    async with httpx.AsyncClient(base_url=events_server.url, timeout=30) as http:
        r = await http.get(
            "/api/events",
            params={"topics": "articles"},
            headers={"Authorization": f"Token {huge_subject_token()}"},
        )
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == {"errors": {"token": ["is invalid"]}}


async def test_the_websocket_answers_an_error_and_stays_open(events_server):
    url = events_server.url.replace("http://", "ws://") + "/ws/events"
    async with connect(url) as socket:
        await socket.send(json.dumps({"type": "auth", "token": huge_subject_token()}))
        assert json.loads(await socket.recv()) == {
            "type": "error",
            "status": 401,
            "errors": {"token": ["is invalid"]},
        }
        await socket.send(json.dumps({"type": "subscribe", "topics": ["articles"]}))
        assert json.loads(await socket.recv())["type"] == "subscribed"
