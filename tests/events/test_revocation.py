"""Streams opened with a token end when that token is revoked (a password change by another
session, the user deleted), over SSE and WebSocket; a revoked WebSocket cannot subscribe to
private topics. The changing session's streams stay open (shown by a later event arriving)."""

import json
import sqlite3
from pathlib import Path

import httpx
import psycopg
import pytest
from websockets.asyncio.client import connect

from tests import live
from tests.events.conftest import NO_LIMITS
from tests.events.streams import Clients, Rest, SocketStream, SseStream, server_env, until

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a brand new password"


async def second_session(server: live.Server, user: Rest) -> str:
    """A token of another session of `user` (a login elsewhere)."""
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        r = await http.post(
            "/api/users/login",
            json={"user": {"email": f"{user.username}@example.com", "password": "p" * 12}},
        )
    assert r.status_code == 200, r.text
    token: str = r.json()["user"]["token"]
    return token


async def open_sse(clients: Clients, server: live.Server, topics: str, token: str) -> SseStream:
    stream = SseStream(server.url, topics, token=token)
    clients.opened.append(stream)
    await stream.open()
    assert stream.status == 200, stream.body
    return stream


async def open_socket(
    clients: Clients, server: live.Server, topics: list[str], token: str
) -> SocketStream:
    socket = SocketStream(server, topics, token=token)
    clients.opened.append(socket)
    await socket.open()
    assert socket.opened.is_set(), socket.messages
    return socket


async def test_a_password_change_ends_the_other_sessions_streams(
    events_server, reader, writer, clients
):
    elsewhere = await second_session(events_server, reader)
    revoked_sse = await open_sse(clients, events_server, "articles,user", elsewhere)
    revoked_ws = await open_socket(clients, events_server, ["articles", "feed"], elsewhere)
    kept_sse = await open_sse(clients, events_server, "articles,user", reader.token)

    r = await reader.call("PUT", "/api/user", {"user": {"password": NEW_PASSWORD}})
    assert r.status_code == 200

    await until(lambda: revoked_sse.ended.is_set(), "the revoked SSE stream ends")
    assert ": the token was revoked" in revoked_sse.lines
    await until(lambda: revoked_ws.ended.is_set(), "the revoked WebSocket closes")
    assert revoked_ws.messages[-1] == {
        "type": "error",
        "status": 401,
        "errors": {"token": ["is invalid"]},
    }
    assert revoked_ws.close_code == 1008
    # The changing session's stream is still live: a later event reaches it.
    slug = await writer.article()
    await kept_sse.next_matching(lambda e: e.data.get("article", {}).get("slug") == slug)
    assert not kept_sse.ended.is_set()


async def test_a_revoked_websocket_cannot_subscribe_to_private_topics(events_server, reader):
    elsewhere = await second_session(events_server, reader)
    url = events_server.url.replace("http://", "ws://") + "/ws/events"
    async with connect(url) as socket:
        await socket.send(json.dumps({"type": "auth", "token": elsewhere}))
        assert json.loads(await socket.recv()) == {"type": "authenticated"}
        r = await reader.call("PUT", "/api/user", {"user": {"password": NEW_PASSWORD}})
        assert r.status_code == 200
        await socket.send(json.dumps({"type": "subscribe", "topics": ["feed", "user"]}))
        assert json.loads(await socket.recv()) == {
            "type": "error",
            "status": 401,
            "errors": {"token": ["is invalid"]},
        }
        await socket.wait_closed()
        assert socket.close_code == 1008


def _delete_user(env: dict[str, str], username: str) -> None:
    """Delete a user straight in the server's database (no API deletes users; an operator
    might), so only the periodic re-check can notice."""
    if "DATABASE_URL" in env:
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute("DELETE FROM users WHERE username = %s", (username,))
    else:
        with sqlite3.connect(env["SQLITE_PATH"]) as conn:
            conn.execute("DELETE FROM users WHERE username = ?", (username,))


async def test_the_streams_of_a_deleted_user_end_at_the_next_recheck(
    events_db: dict[str, str], tmp_path: Path, clients: Clients
) -> None:
    env = server_env(events_db, **NO_LIMITS, EVENTS_AUTH_RECHECK_SECONDS="0.5")
    with live.serving(env, tmp_path / "uvicorn.log") as server:
        user = await Rest.register(server.url)
        try:
            sse = await open_sse(clients, server, "user", user.token)
            socket = await open_socket(clients, server, ["user"], user.token)
            _delete_user(events_db, user.username)
            await until(lambda: sse.ended.is_set(), "the deleted user's SSE stream ends")
            assert ": the token was revoked" in sse.lines
            await until(lambda: socket.ended.is_set(), "the deleted user's WebSocket closes")
            assert socket.close_code == 1008
        finally:
            await user.close()
