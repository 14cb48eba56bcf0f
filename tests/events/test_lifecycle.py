"""A stream's life: what it holds while open, what it lets go when its client leaves, what
happens to open streams when the worker stops or the event bus (Redis) fails.

A process is one member of the channel-layer group `conduit.events` while it has at least one
stream (SSE or WebSocket), and none once the last one is gone: checked in the in-memory layer
by driving the ASGI app in-process, and in Redis for a live server.
"""

import asyncio
import signal
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import redis
from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels_redis.core import RedisChannelLayer

from core.config.asgi import application
from core.domain.events.hub import GROUP
from tests import asgi, live, servers
from tests.events.streams import Author, Clients, SocketStream, SseStream, server_env, until

GRACEFUL_SHUTDOWN = 2  # seconds: uvicorn's --timeout-graceful-shutdown in the SIGTERM test
SHUTDOWN_MARGIN = 3  # seconds on top of it for the process to exit (a busy two-core machine)


# --- In-process: the in-memory layer ----------------------------------------------------------


class AsgiCall:
    """One ASGI connection to `core.config.asgi.application`, driven by hand: httpx's ASGITransport
    would buffer a streamed body until it ends, which a stream never does by itself."""

    def __init__(self, scope: dict[str, Any], *first: dict[str, Any]) -> None:
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        for message in first:
            self.inbox.put_nowait(message)
        self.sent: list[MutableMapping[str, Any]] = []
        self.task = asyncio.get_running_loop().create_task(
            application(scope, self.inbox.get, self._send)
        )

    async def _send(self, message: MutableMapping[str, Any]) -> None:
        self.sent.append(message)

    def received(self, needle: bytes) -> bool:
        """Whether the app sent `needle` (in a body chunk or a WebSocket text message)."""
        return any(
            needle in message.get("body", b"") or needle in message.get("text", "").encode()
            for message in self.sent
        )

    async def hang_up(self, message: dict[str, Any]) -> None:
        """The client goes away; the app must return by itself."""
        self.inbox.put_nowait(message)
        await asyncio.wait_for(self.task, 10)


_ORIGIN = [(b"origin", b"http://127.0.0.1")]


def sse_call() -> AsgiCall:
    return AsgiCall(
        asgi.scope("/api/events?topics=articles", headers=_ORIGIN),
        {"type": "http.request", "body": b"", "more_body": False},
    )


def socket_call() -> AsgiCall:
    subscribe = orjson.dumps({"type": "subscribe", "topics": ["articles"]}).decode()
    return AsgiCall(
        asgi.scope("/ws/events", kind="websocket", headers=_ORIGIN),
        {"type": "websocket.connect"},
        {"type": "websocket.receive", "text": subscribe},
    )


SSE_GONE = {"type": "http.disconnect"}
SOCKET_GONE = {"type": "websocket.disconnect", "code": 1001}


@pytest.mark.django_db(transaction=True)
async def test_the_last_client_to_leave_takes_the_process_out_of_the_in_memory_group(
    settings: Any,
) -> None:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    layer = get_channel_layer()
    assert isinstance(layer, InMemoryChannelLayer)

    def members() -> int:
        return len(layer.groups.get(GROUP, {}))

    assert members() == 0
    first = sse_call()
    await until(lambda: first.received(b"retry: "), "the first SSE stream opens")
    assert members() == 1
    socket = socket_call()
    await until(lambda: socket.received(b'"subscribed"'), "the WebSocket subscribes")
    second = sse_call()
    await until(lambda: second.received(b"retry: "), "the second SSE stream opens")
    assert members() == 1  # one membership per process, however many streams

    await first.hang_up(SSE_GONE)
    assert members() == 1
    await socket.hang_up(SOCKET_GONE)
    assert members() == 1  # an SSE stream is still open
    await second.hang_up(SSE_GONE)
    assert GROUP not in layer.groups  # the last one out left at once: no member, no group

    # The same with a WebSocket as the last one out.
    socket = socket_call()
    await until(lambda: socket.received(b'"subscribed"'), "a new WebSocket subscribes")
    assert members() == 1
    await socket.hang_up(SOCKET_GONE)
    assert GROUP not in layer.groups
    assert not layer.channels  # and the hub's own channel is gone with its messages


# --- Live servers -----------------------------------------------------------------------------


def group_key(env: dict[str, str]) -> str:
    """Where channels-redis keeps the members of `conduit.events` (a sorted set)."""
    layer = RedisChannelLayer(hosts=[env["REDIS_URL"]], prefix=env["EVENTS_CHANNEL_PREFIX"])
    return str(layer._group_key(GROUP).decode())


@pytest.mark.live
@pytest.mark.redis
async def test_the_last_client_to_leave_takes_the_process_out_of_the_redis_group(
    events_db: dict[str, str], tmp_path: Path, clients: Clients
) -> None:
    env = server_env(events_db)
    key = group_key(env)
    store = redis.Redis.from_url(env["REDIS_URL"])

    def members() -> int:
        return int(store.zcard(key))

    try:
        with live.serving(env, tmp_path / "uvicorn.log") as server:
            assert members() == 0
            first = await clients.sse(server, "articles")
            second = await clients.sse(server, "articles")
            socket = await clients.socket(server, ["articles"])
            assert first.status == second.status == 200
            assert socket.opened.is_set()
            assert members() == 1  # one membership per process, however many streams

            await socket.close()
            await first.close()
            # `second` still gets events: the process is still in the group.
            slug = await (await Author.register(server)).write("For the one left")
            await until(lambda: len(second.events) == 1, "the stream still open gets events")
            assert second.events[0].data["article"]["slug"] == slug
            assert members() == 1
            assert first.events == socket.events == []  # they left before it was written
            await second.close()
            await until(lambda: members() == 0, "the last SSE client's leaving empties the group")

            socket = await clients.socket(server, ["articles"])
            await until(lambda: members() == 1, "a new WebSocket joins")
            await socket.close()
            await until(lambda: members() == 0, "the last WebSocket's leaving empties the group")
            assert server.process.poll() is None
    finally:
        store.delete(key)
        store.close()


async def _exit_of(process: Any) -> float:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    await until(
        lambda: process.poll() is not None,
        "the worker exits after SIGTERM",
        within=GRACEFUL_SHUTDOWN + SHUTDOWN_MARGIN,
    )
    return time.monotonic() - started


@pytest.mark.live
async def test_sigterm_with_open_streams_stops_the_worker_within_the_graceful_timeout(
    events_db: dict[str, str], tmp_path: Path, clients: Clients
) -> None:
    env = server_env(events_db)
    server = live.start_server(
        env, tmp_path / "uvicorn.log", "--timeout-graceful-shutdown", str(GRACEFUL_SHUTDOWN)
    )
    try:
        author = await Author.register(server)
        streams: list[SseStream | SocketStream] = [
            *[await clients.sse(server, "articles") for _ in range(3)],
            await clients.socket(server, ["articles"]),
        ]
        slug = await author.write("Before the shutdown")
        # Live streams, not just open connections.
        await until(lambda: all(len(s.events) == 1 for s in streams), "every stream gets the event")
        for stream in streams:
            assert stream.events[0].data["article"]["slug"] == slug

        took = await _exit_of(server.process)
        print(f"\nSIGTERM with 4 open streams: the worker exited after {took:.2f} s")
        # uvicorn shuts down, then re-raises the signal it caught: "killed" by SIGTERM.
        assert server.process.returncode in {0, -signal.SIGTERM}, server.process.returncode
        assert "Finished server process" in server.log.read_text()
        for stream in streams:
            await until(stream.ended.is_set, "every client sees its stream end", within=5)
            assert stream.end != "closed by the client"
        print("how the streams ended:", [stream.end for stream in streams])
        socket = streams[-1]
        assert isinstance(socket, SocketStream)
        assert socket.close_code in {1001, 1012, 1013}, socket.end  # going away / restarting
    finally:
        server.stop()
        if env.get("REDIS_URL"):
            # The SSE streams' cleanup is cancelled with the event loop: the worker's group
            # membership is left to expire (`group_expiry`); not ours to keep.
            store = redis.Redis.from_url(env["REDIS_URL"])
            store.delete(group_key(env))
            store.close()


# --- Redis failing ----------------------------------------------------------------------------


async def _open_when_ready(open_stream: Callable[[], Awaitable[SseStream]]) -> SseStream:
    """A client that retries after a 503, as told by Retry-After, within the test's bound."""
    started = time.monotonic()
    while True:
        stream = await open_stream()
        if stream.status == 200 or time.monotonic() - started > 20:
            return stream
        await asyncio.sleep(0.5)


@pytest.mark.live
@pytest.mark.fault
async def test_redis_down_ends_streams_with_a_retry_hint_and_they_resume_from_the_outbox(
    events_db: dict[str, str], tmp_path: Path, clients: Clients
) -> None:
    with servers.redis() as rd:  # its own Redis, stopped and started: the machine's stays up
        env = server_env(events_db, REDIS_URL=rd.url)
        with live.serving(env, tmp_path / "uvicorn.log") as server:
            api = httpx.AsyncClient(base_url=f"{server.url}/api", timeout=30)
            author = await Author.register(server)
            stream = await clients.sse(server, "articles")
            assert stream.status == 200
            await author.write("Before the outage")
            await until(lambda: len(stream.events) == 1, "the stream gets the first article")
            last_id = stream.ids[-1]

            rd.stop()

            await until(stream.ended.is_set, "the stream ends when Redis stops")
            assert stream.end == "eof"  # ended by the server, properly
            assert b"retry: " in stream.chunks[-1], stream.chunks[-1]
            assert stream.retry is not None
            assert stream.retry > 0

            # The REST API does not need the event bus.
            during = await author.write("During the outage")
            listed = await api.get("/articles", params={"author": author.username})
            assert listed.status_code == 200
            assert during in [a["slug"] for a in listed.json()["articles"]]

            # New streams are refused while the bus is down, with a time to retry after.
            refused = await api.get("/events", params={"topics": "articles"})
            assert refused.status_code == 503, refused.text
            assert int(refused.headers["Retry-After"]) >= 1
            assert refused.json() == {"errors": {"events": ["are unavailable, retry later"]}}
            socket = await clients.socket(server, ["articles"])
            assert not socket.opened.is_set()
            assert socket.messages[0]["type"] == "error"
            assert socket.messages[0]["status"] == 503

            rd.start()

            # Resuming from the last id received: the article written during the outage comes
            # from the outbox, then live events again.
            resumed = await _open_when_ready(
                lambda: clients.sse(server, "articles", last_event_id=last_id)
            )
            assert resumed.status == 200, resumed.body
            await until(lambda: len(resumed.events) == 1, "the missed article arrives")
            assert resumed.events[0].data["article"]["slug"] == during
            after = await author.write("After the outage")
            await until(lambda: len(resumed.events) == 2, "live events flow again")
            assert [e.data["article"]["slug"] for e in resumed.events] == [during, after]
            assert resumed.ids[0] > last_id
            assert resumed.ids == sorted(set(resumed.ids))
            await api.aclose()
