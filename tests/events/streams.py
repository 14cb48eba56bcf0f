"""Real clients of a live server's event streams, for the tests in this package.

`SseStream` reads `GET /api/events` over HTTP (httpx, streamed); `SocketStream` speaks the
`/ws/events` protocol (the `websockets` package). Each runs in a task of its own and records
everything it receives, so a test opens several, drives the API, then waits (bounded) for what
it expects and checks what arrived.
"""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from tests import live

WAIT = 15.0  # seconds a test waits for something to happen before it fails


@dataclass(frozen=True)
class Received:
    id: int
    name: str
    data: dict[str, Any]


async def until(predicate: Callable[[], bool], what: str, within: float = WAIT) -> float:
    """Seconds until `predicate()` held; fails after `within` seconds."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > within:
            raise AssertionError(f"not within {within} s: {what}")
        await asyncio.sleep(0.05)
    return time.monotonic() - started


def server_env(base: dict[str, str], **extra: str) -> dict[str, str]:
    """A server's environment; with Redis, a channel-layer prefix of its own (one per call),
    so that parallel test runs on the same Redis never exchange events."""
    env = {**base, **extra}
    if env.get("REDIS_URL") and "EVENTS_CHANNEL_PREFIX" not in extra:
        env["EVENTS_CHANNEL_PREFIX"] = f"conduit-test-{uuid.uuid4().hex[:12]}:layer:"
    return env


@contextmanager
def serving_together(env: dict[str, str], logs: list[Path]) -> Iterator[list[live.Server]]:
    """Several uvicorn processes with one environment, started side by side (a cold start
    takes seconds on a busy machine), stopped when the block ends."""
    with ThreadPoolExecutor(len(logs)) as pool:
        futures = [pool.submit(live.start_server, env, log) for log in logs]
    started = [future.result() for future in futures if future.exception() is None]
    try:
        for future in futures:
            future.result()  # raises the first failure to start
        yield started
    finally:
        for server in started:
            server.stop()


class SseStream:
    """One `GET /api/events` stream, read in a background task."""

    def __init__(
        self,
        base_url: str,
        topics: str,
        *,
        last_event_id: int | None = None,
        token: str | None = None,
        params: dict[str, str] | None = None,
    ) -> None:
        self.url = f"{base_url}/api/events"
        self.params = {"topics": topics, **(params or {})}
        self.headers = {} if last_event_id is None else {"Last-Event-ID": str(last_event_id)}
        if token is not None:
            self.headers["Authorization"] = f"Token {token}"
        self.taken = 0  # how many of `events` `next` has handed out
        self.arrived = asyncio.Event()  # set on each event
        self.status: int | None = None
        self.response_headers: httpx.Headers | None = None
        self.body = b""  # the whole body received
        self.chunks: list[bytes] = []
        self.events: list[Received] = []
        self.retry: int | None = None
        self.opened = asyncio.Event()  # the first `retry:` arrived: the stream is subscribed
        self.ended = asyncio.Event()
        self.end: str | None = None  # how it ended: "eof" or the exception
        self._task: asyncio.Task[None] | None = None

    def start(self) -> "SseStream":
        self._task = asyncio.get_running_loop().create_task(self._read())
        return self

    async def open(self) -> "SseStream":
        """Start it and wait until the server has subscribed it (or refused it)."""
        self.start()
        await until(lambda: self.opened.is_set() or self.ended.is_set(), "the stream opens")
        return self

    @property
    def ids(self) -> list[int]:
        return [event.id for event in self.events]

    @property
    def lines(self) -> list[str]:
        """Every line received so far, comments and `retry:` included."""
        return self.body.decode().split("\n")

    async def next(self, wait: float = WAIT) -> Received:
        """The next event not handed out yet; `TimeoutError` after `wait` seconds."""
        async with asyncio.timeout(wait):
            while len(self.events) <= self.taken:
                self.arrived.clear()
                await self.arrived.wait()
        self.taken += 1
        return self.events[self.taken - 1]

    async def next_matching(
        self, predicate: Callable[[Received], bool], wait: float = WAIT
    ) -> Received:
        """The next event matching `predicate`, skipping others (other tests share servers)."""
        async with asyncio.timeout(wait):
            while not predicate(event := await self.next()):
                pass
        return event

    async def quiet(self, predicate: Callable[[Received], bool], seconds: float = 1.0) -> None:
        """Fail if an event matching `predicate` arrives within `seconds`."""
        await asyncio.sleep(seconds)
        unexpected = [event for event in self.events[self.taken :] if predicate(event)]
        assert not unexpected, f"unexpected {unexpected}"
        self.taken = len(self.events)

    async def _read(self) -> None:
        buffer = b""
        try:
            async with (
                httpx.AsyncClient(timeout=httpx.Timeout(10, read=None)) as http,
                http.stream("GET", self.url, params=self.params, headers=self.headers) as r,
            ):
                self.status = r.status_code
                self.response_headers = r.headers
                async for chunk in r.aiter_raw():
                    self.chunks.append(chunk)
                    self.body += chunk
                    buffer += chunk
                    while b"\n\n" in buffer:
                        block, buffer = buffer.split(b"\n\n", 1)
                        self._parse(block.decode())
            self.end = "eof"
        except asyncio.CancelledError:
            self.end = "closed by the client"
            raise
        except httpx.HTTPError as exc:
            self.end = repr(exc)
        finally:
            self.ended.set()

    def _parse(self, block: str) -> None:
        fields: dict[str, str] = {}
        for line in block.split("\n"):
            if not line or line.startswith(":"):
                continue  # a comment: heartbeat or the reason a stream ends
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")
        if "retry" in fields:
            self.retry = int(fields["retry"])
            self.opened.set()
        if "id" in fields and "data" in fields:
            data = orjson.loads(fields["data"])
            self.events.append(Received(int(fields["id"]), fields.get("event", "message"), data))
            self.arrived.set()

    async def close(self) -> None:
        """Hang up (the server sees the connection close)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)


class SocketStream:
    """One `/ws/events` connection, read in a background task."""

    def __init__(
        self,
        server: live.Server,
        topics: list[str],
        *,
        token: str | None = None,
        last_event_id: int | None = None,
    ) -> None:
        self.url = server.url.replace("http://", "ws://") + "/ws/events"
        self.origin = Origin(server.url)
        self.first: list[dict[str, Any]] = []
        if token is not None:
            self.first.append({"type": "auth", "token": token})
        subscribe: dict[str, Any] = {"type": "subscribe", "topics": topics}
        if last_event_id is not None:
            subscribe["lastEventId"] = last_event_id
        self.first.append(subscribe)
        self.messages: list[dict[str, Any]] = []
        self.events: list[Received] = []
        self.opened = asyncio.Event()  # `subscribed` arrived
        self.ended = asyncio.Event()
        self.close_code: int | None = None
        self.end: str | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> "SocketStream":
        self._task = asyncio.get_running_loop().create_task(self._read())
        return self

    async def open(self) -> "SocketStream":
        """Start it and wait until the server has subscribed it (or refused it)."""
        self.start()
        await until(
            lambda: self.opened.is_set() or self.ended.is_set() or self.refused,
            "the socket subscribes",
        )
        return self

    @property
    def refused(self) -> bool:
        return any(message["type"] == "error" for message in self.messages)

    @property
    def ids(self) -> list[int]:
        return [event.id for event in self.events]

    async def _read(self) -> None:
        try:
            async with connect(self.url, origin=self.origin, proxy=None) as ws:
                for message in self.first:
                    await ws.send(orjson.dumps(message).decode())
                try:
                    async for text in ws:
                        message = orjson.loads(text)
                        self.messages.append(message)
                        if message["type"] == "subscribed":
                            self.opened.set()
                        elif message["type"] == "event":
                            self.events.append(
                                Received(message["id"], message["event"], message["data"])
                            )
                finally:
                    self.close_code = ws.close_code
            self.end = "closed by the server"
        except asyncio.CancelledError:
            self.end = "closed by the client"
            raise
        except (ConnectionClosed, OSError) as exc:
            self.end = repr(exc)
        finally:
            self.ended.set()

    async def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)


class Clients:
    """The streams a test opens, hung up when it ends (the `clients` fixture), pass or fail."""

    def __init__(self) -> None:
        self.opened: list[SseStream | SocketStream] = []

    async def sse(
        self, server: live.Server, topics: str, *, last_event_id: int | None = None
    ) -> SseStream:
        stream = SseStream(server.url, topics, last_event_id=last_event_id)
        self.opened.append(stream)
        return await stream.open()

    async def socket(self, server: live.Server, topics: list[str]) -> SocketStream:
        stream = SocketStream(server, topics)
        self.opened.append(stream)
        return await stream.open()

    async def close_all(self) -> None:
        for stream in self.opened:
            await stream.close()


@dataclass
class Author:
    """A registered user on a live server, who writes articles through its REST API."""

    server: live.Server
    username: str
    token: str
    slugs: list[str] = field(default_factory=list)

    @classmethod
    async def register(cls, server: live.Server) -> "Author":
        name = f"ev_{uuid.uuid4().hex[:10]}"
        user = {"username": name, "email": f"{name}@example.com", "password": "password123"}
        async with httpx.AsyncClient(base_url=f"{server.url}/api", timeout=30) as http:
            response = await http.post("/users", json={"user": user})
        assert response.status_code == 201, response.text
        return cls(server, name, response.json()["user"]["token"])

    async def write(self, title: str, via: live.Server | None = None) -> str:
        """Create an article (through `via`, another process on the same database, if given)."""
        server = via or self.server
        async with httpx.AsyncClient(base_url=f"{server.url}/api", timeout=30) as http:
            response = await http.post(
                "/articles",
                headers={"Authorization": f"Token {self.token}"},
                json={"article": {"title": title, "description": "d", "body": "b"}},
            )
        assert response.status_code == 201, response.text
        slug: str = response.json()["article"]["slug"]
        self.slugs.append(slug)
        return slug


@asynccontextmanager
async def stream(
    base_url: str,
    topics: str,
    *,
    token: str | None = None,
    last_id: int | None = None,
    params: dict[str, str] | None = None,
) -> AsyncIterator[SseStream]:
    """An open SSE stream; the block runs once the server has subscribed it."""
    opened = SseStream(base_url, topics, last_event_id=last_id, token=token, params=params)
    try:
        await opened.open()
        assert opened.status == 200, opened.body
        assert opened.response_headers is not None
        assert opened.response_headers["content-type"].startswith("text/event-stream")
        yield opened
    finally:
        await opened.close()


class Rest:
    """A user of the live server's REST API."""

    def __init__(self, base_url: str) -> None:
        self.client = httpx.AsyncClient(base_url=base_url, timeout=30)
        self.token = ""
        self.username = ""

    @classmethod
    async def register(cls, base_url: str) -> "Rest":
        user = cls(base_url)
        name = f"u{uuid.uuid4().hex[:10]}"
        response = await user.client.post(
            "/api/users",
            json={"user": {"username": name, "email": f"{name}@example.com", "password": "p" * 12}},
        )
        assert response.status_code == 201, response.text
        user.token = response.json()["user"]["token"]
        user.username = name
        user.client.headers["Authorization"] = f"Token {user.token}"
        return user

    async def article(self, title: str | None = None) -> str:
        title = title or f"Live {uuid.uuid4().hex}"
        response = await self.client.post(
            "/api/articles",
            json={"article": {"title": title, "description": "d", "body": "b", "tagList": ["t"]}},
        )
        assert response.status_code == 201, response.text
        slug: str = response.json()["article"]["slug"]
        return slug

    async def call(self, method: str, path: str, json: Any = None) -> httpx.Response:
        return await self.client.request(method, path, json=json)

    async def close(self) -> None:
        await self.client.aclose()
