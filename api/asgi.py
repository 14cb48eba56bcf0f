"""The ASGI vocabulary of the apps that answer outside Django: the event stream here, and the
edge above (core/edge: the SPA, the static assets, the request guard). In this layer so that
both use one definition and imports run one way (edge → api).

Plain mappings rather than asgiref.typing's TypedDicts: those make every message spell out
optional keys (`trailers`, `more_body`), and the servers accept the short forms.
"""

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

type Scope = MutableMapping[str, Any]
type Message = MutableMapping[str, Any]
type Receive = Callable[[], Awaitable[Message]]
type Send = Callable[[Message], Awaitable[None]]
type ASGIApp = Callable[..., Awaitable[None]]
type Headers = list[tuple[bytes, bytes]]


def header_value(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    """The first value of an ASGI header (names are lower-case bytes)."""
    for key, value in headers:
        if key == name:
            return value
    return None
