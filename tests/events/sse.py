"""A small Server-Sent Events client for the tests, over httpx, and a REST helper."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson


@dataclass
class Event:
    id: int
    name: str
    data: Any


@dataclass
class Stream:
    response: httpx.Response
    events: asyncio.Queue[Event] = field(default_factory=asyncio.Queue)
    lines: list[str] = field(default_factory=list)  # every line, comments and `retry:` included
    ended: asyncio.Event = field(default_factory=asyncio.Event)
    started: asyncio.Event = field(default_factory=asyncio.Event)  # the `retry:` hint came

    async def next(self, wait: float = 10) -> Event:
        return await asyncio.wait_for(self.events.get(), wait)

    async def until(self, predicate: Any, wait: float = 10) -> Event:
        """The next event matching `predicate`, skipping others (other tests share the server)."""
        async with asyncio.timeout(wait):
            while True:
                event = await self.events.get()
                if predicate(event):
                    return event

    async def quiet(self, predicate: Any, seconds: float = 1.0) -> None:
        """Fail if an event matching `predicate` arrives within `seconds`."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                while True:
                    event = await self.events.get()
                    assert not predicate(event), f"unexpected {event}"

    async def _read(self) -> None:
        fields: dict[str, str] = {}
        try:
            async for line in self.response.aiter_lines():
                self.lines.append(line)
                if line == "":
                    self.started.set()
                    if "event" in fields:
                        self.events.put_nowait(
                            Event(int(fields["id"]), fields["event"], orjson.loads(fields["data"]))
                        )
                    fields = {}
                elif not line.startswith(":"):
                    name, _, value = line.partition(":")
                    fields[name] = value.removeprefix(" ")
        except httpx.HTTPError:
            pass
        finally:
            self.ended.set()


@contextlib.asynccontextmanager
async def stream(
    base_url: str,
    topics: str,
    *,
    token: str | None = None,
    last_id: int | None = None,
    params: dict[str, str] | None = None,
) -> AsyncIterator[Stream]:
    """An open SSE stream; the block runs once the response started (the hub has joined)."""
    headers = {"Authorization": f"Token {token}"} if token else {}
    if last_id is not None:
        headers["Last-Event-ID"] = str(last_id)
    timeout = httpx.Timeout(10, read=None)
    async with (
        httpx.AsyncClient(base_url=base_url, timeout=timeout) as client,
        client.stream(
            "GET", "/api/events", params={"topics": topics, **(params or {})}, headers=headers
        ) as response,
    ):
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        opened = Stream(response)
        reader = asyncio.create_task(opened._read())
        try:
            await asyncio.wait_for(opened.started.wait(), 10)
            yield opened
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader


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
