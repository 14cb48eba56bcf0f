"""Calling an ASGI application the way uvicorn does: the scope it builds, and one request with
its answer. For tests that must go through our own handler and edge (Django's test client and
httpx's transport build their scopes their own way)."""

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

type App = Callable[[MutableMapping[str, Any], Any, Any], Awaitable[None]]


def scope(
    path: str,
    *,
    method: str = "GET",
    kind: str = "http",
    headers: list[tuple[bytes, bytes]] | None = None,
) -> dict[str, Any]:
    """The scope uvicorn sends for `path` (which may carry a query after `?`), exactly as
    given (no client normalises it): a Host header, then `headers`."""
    path, _, query = path.partition("?")
    return {
        "type": kind,
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http" if kind == "http" else "ws",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), *(headers or [])],
        "subprotocols": [],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


@dataclass
class Answer:
    status: int
    headers: dict[bytes, bytes]
    body: bytes


async def request(
    app: App,
    path: str,
    *,
    method: str = "GET",
    token: str = "",
    body: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
) -> Answer:
    """One request through `app`, its body in one message; the client stays connected until
    the app has answered (it then disconnects, as uvicorn reports a closed connection)."""
    headers = [*(headers or [])]
    if token:
        headers.append((b"authorization", f"Token {token}".encode()))
    pending = [{"type": "http.request", "body": body, "more_body": False}]
    finished = asyncio.Event()
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if pending:
            return pending.pop()
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    await app(scope(path, method=method, headers=headers), receive, send)
    finished.set()
    start = sent[0]
    return Answer(
        start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])
    )
