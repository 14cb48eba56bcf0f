"""`GET /api/events`: Server-Sent Events, as a raw ASGI app routed before Django (core/config/asgi.py).

A Django view would hold a thread for as long as its stream is open; here a stream is two
tasks and a queue (core.domain.events). Validation and errors match the REST API: JSON bodies in the
spec's error shape, 401 for `feed`/`user` without credentials, 422 for unknown topics.

    GET /api/events?topics=articles,article:<slug>,feed,user[&lastEventId=N][&ticket=T]

The stream starts with `retry: <ms>`; each event is `id:`, `event:` and one `data:` line of
JSON; a comment line (`: ping`) every EVENTS_HEARTBEAT_SECONDS keeps proxies from closing it.
When the server ends a stream (the event bus failing, a client too slow, the token that opened
it revoked, or after EVENTS_STREAM_MAX_SECONDS, so long-lived clients spread over new workers),
it says why in a comment and repeats the `retry:` hint; the client reconnects
with `Last-Event-ID` and misses nothing.
"""

import asyncio
import contextlib
import logging
import re
from urllib.parse import parse_qsl

from django.conf import settings
from django.db import InterfaceError, OperationalError

from api.asgi import Headers, Receive, Scope, Send, header_value
from api.errors import method_not_allowed, reply_to
from core.domain.errors import DomainError, Invalid, unavailable
from core.domain.events.access import stream_viewer
from core.domain.events.hub import LayerUnavailable
from core.domain.events.quota import stream_slot
from core.domain.events.subscription import Frame, StreamEnded, Subscription
from core.domain.events.topics import parse_topics
from core.domain.ratelimit import RateLimited, client_of, hit

logger = logging.getLogger("conduit.events")

PATH = "/api/events"
# Event ids as the client sends them back: digits (ids stay far below 10**18).
LAST_ID_PATTERN = re.compile(r"[0-9]{1,18}")


def last_event_id(raw: str | None) -> int | None:
    """A client's resume point (empty: none); `Invalid` unless it is a non-negative integer."""
    if raw is None or raw == "":
        return None
    if not LAST_ID_PATTERN.fullmatch(raw):
        raise Invalid({"lastEventId": ["must be a non-negative integer"]})
    return int(raw)


def stream_client(scope: Scope) -> str:
    """Who opens a stream, read as Django reads a REST request's client: every X-Forwarded-For
    line joined with commas (as Django joins repeated headers), then `client_of`."""
    peer = scope.get("client")
    forwarded = b",".join(value for name, value in scope["headers"] if name == b"x-forwarded-for")
    return client_of(peer[0] if peer else "", forwarded.decode("latin-1"))


async def count_against_client_limit(scope: Scope) -> str:
    """Opening a stream counts as a request against RATE_LIMIT_CLIENT, as every REST request
    does in Django's middleware (which streams bypass): a reconnect storm gets 429 like any
    other burst. `RateLimited` once the client's allowance is spent; else the client."""
    client = stream_client(scope)
    await hit("client", client, settings.RATE_LIMIT_CLIENT)
    return client


def frame_bytes(frame: Frame) -> bytes:
    return f"id: {frame.id}\nevent: {frame.name}\ndata: {frame.data}\n\n".encode()


class EventStream:
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cors = _cors_headers(scope)
        if scope["method"] != "GET":
            await method_not_allowed(scope["method"], "GET, OPTIONS").send(send, cors)
            return
        headers = scope["headers"]
        query: dict[str, list[str]] = {}
        for key, value in parse_qsl(scope.get("query_string", b"").decode("latin-1"), True):
            query.setdefault(key, []).append(value)
        try:
            client = await count_against_client_limit(scope)
            with stream_slot(client):
                subscription = await self._subscribe(headers, query)
                await self._serve(subscription, receive, send, cors)
        except (DomainError, RateLimited) as exc:
            await reply_to(exc).send(send, cors)

    async def _serve(
        self,
        subscription: Subscription,
        receive: Receive,
        send: Send,
        cors: Headers,
    ) -> None:
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"text/event-stream; charset=utf-8"),
                        (b"cache-control", b"no-cache, no-transform"),
                        (b"x-accel-buffering", b"no"),  # nginx: do not buffer the stream
                        (b"x-content-type-options", b"nosniff"),
                        *cors,
                    ],
                }
            )
            retry = f"retry: {settings.EVENTS_RETRY_MS}\n\n".encode()
            await send({"type": "http.response.body", "body": retry, "more_body": True})
            pump = asyncio.ensure_future(_pump(subscription, send))
            gone = asyncio.ensure_future(_until_disconnect(receive))
            try:
                await asyncio.wait({pump, gone}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in (pump, gone):
                    task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.gather(pump, gone, return_exceptions=True)
        finally:
            await subscription.close()

    async def _subscribe(
        self, headers: list[tuple[bytes, bytes]], query: dict[str, list[str]]
    ) -> Subscription:
        names = [name for value in query.get("topics", []) for name in value.split(",")]
        topics = parse_topics(names)
        header_id = header_value(headers, b"last-event-id")
        last_id = last_event_id(
            header_id.decode("latin-1") if header_id is not None else _first(query, "lastEventId")
        )
        authorization = header_value(headers, b"authorization")
        viewer = await stream_viewer(
            authorization=authorization.decode("latin-1") if authorization else None,
            ticket=_first(query, "ticket"),
        )
        topics.check_viewer(viewer)
        subscription = Subscription(topics, viewer=viewer)
        try:
            await subscription.open(last_id)
        except LayerUnavailable as exc:
            await subscription.close()
            logger.warning("stream refused: the channel layer is unavailable (%s)", exc)
            raise unavailable("events", "are unavailable, retry later") from exc
        except (OperationalError, InterfaceError) as exc:
            await subscription.close()
            raise unavailable("database") from exc
        return subscription


async def _pump(subscription: Subscription, send: Send) -> None:
    heartbeat = settings.EVENTS_HEARTBEAT_SECONDS
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.EVENTS_STREAM_MAX_SECONDS
    try:
        while (left := deadline - loop.time()) > 0:
            frame = await subscription.next(min(heartbeat, left))
            if frame is not None:
                body = frame_bytes(frame)
            elif loop.time() < deadline:
                body = b": ping\n\n"
            else:
                break
            await send({"type": "http.response.body", "body": body, "more_body": True})
        raise StreamEnded("this stream's time is up: reconnect to resume")
    except StreamEnded as exc:
        reason = str(exc).replace("\n", " ")
        body = f": {reason}\nretry: {settings.EVENTS_RETRY_MS}\n\n".encode()
        await send({"type": "http.response.body", "body": body, "more_body": False})
    except (OperationalError, InterfaceError):
        logger.warning("stream ended: the database is unavailable")
        body = f": database unavailable\nretry: {settings.EVENTS_RETRY_MS}\n\n".encode()
        await send({"type": "http.response.body", "body": body, "more_body": False})


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def _first(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def cors_allows(origin: str) -> bool:
    """Whether django-cors-headers' settings allow `origin` (its middleware does not see the
    streams; their CORS preflight still goes to it: core/config/asgi.py)."""
    return settings.CORS_ALLOW_ALL_ORIGINS or origin in settings.CORS_ALLOWED_ORIGINS


def _cors_headers(scope: Scope) -> Headers:
    """django-cors-headers' answer for a simple request."""
    origin = header_value(scope["headers"], b"origin")
    if origin is None or not cors_allows(origin.decode("latin-1")):
        return []
    if settings.CORS_ALLOW_ALL_ORIGINS:
        return [(b"access-control-allow-origin", b"*")]
    return [(b"access-control-allow-origin", origin), (b"vary", b"origin")]
