"""`/ws/events`: the same topics, events and resume as `GET /api/events`, over a WebSocket.

Client → server (JSON text messages):
    {"type": "auth", "token": "<jwt>"}                       optional; before subscribing
    {"type": "subscribe", "topics": ["articles", "feed"], "lastEventId": 42}
    {"type": "unsubscribe", "topics": ["feed"]}
Server → client:
    {"type": "subscribed", "topics": [...]}                 the topics now active
    {"type": "event", "id": 43, "event": "article.created", "data": {...}}
    {"type": "error", "status": 401, "errors": {"token": ["is missing"]}}
                                                             (429: too many connections: closed)
    {"type": "end", "reason": "...", "retry": 3000}          then the server closes (1013)
    {"type": "error", "status": 401, "errors": {"token": ["is invalid"]}}
                                   the token was revoked (a password change elsewhere, the user
                                   deleted): then the server closes (1008)

A change of topics restarts the subscription from the last event id sent, so nothing is lost
or repeated across it. The socket joins no channel-layer group of its own: this process's hub
(core.domain.events.hub) fans events out to it.
"""

import asyncio
import contextlib
import logging
from typing import Any
from urllib.parse import urlsplit

import orjson
from asgiref.typing import WebSocketConnectEvent
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http.request import split_domain_port, validate_host

from api.asgi import header_value
from api.errors import reply_to
from api.event_stream import cors_allows, count_against_client_limit, last_event_id
from core.domain.auth import Viewer, header_token, invalid_token, token_viewer
from core.domain.errors import DomainError, Invalid, Unauthorized, Unavailable, unavailable
from core.domain.events.access import viewer_confirmed
from core.domain.events.hub import LayerUnavailable
from core.domain.events.outbox import Envelope
from core.domain.events.quota import TooManyStreams, stream_slot
from core.domain.events.subscription import Frame, StreamEnded, Subscription, TokenRevoked
from core.domain.events.topics import Topics, parse_topics
from core.domain.ratelimit import RateLimited

logger = logging.getLogger("conduit.events")

# The server refuses a larger frame before reading it (core/config/serve.py: ws_max_size); this
# check holds for servers started otherwise, and counts characters after decoding.
_MAX_MESSAGE = settings.EVENTS_WS_MAX_MESSAGE_BYTES


def origin_allowed(origin: str | None) -> bool:
    """The WebSocket counterpart of CORS. Browsers send any page's Origin on a WebSocket (the
    same-origin policy does not apply), so the origins CORS allows, and pages served from
    ALLOWED_HOSTS, may open one. Tokens travel in messages, never in cookies, so a client
    without an Origin (an SDK, a script) is no risk and is let in, as CORS lets it call REST."""
    if origin is None or cors_allows(origin):
        return True
    host, _ = split_domain_port(urlsplit(origin).netloc)
    return validate_host(host, settings.ALLOWED_HOSTS)


def event_message(frame: Frame) -> str:
    # `data` is JSON already: spliced in, not parsed and dumped again.
    return f'{{"type":"event","id":{frame.id},"event":"{frame.name}","data":{frame.data}}}'


class EventSocket(AsyncWebsocketConsumer):
    # No channel of its own in the layer (an alias that is not configured): see the hub.
    channel_layer_alias = "conduit.no-layer"

    async def websocket_connect(self, message: WebSocketConnectEvent) -> None:
        origin = header_value(self.scope["headers"], b"origin")
        if not origin_allowed(origin.decode("latin-1") if origin is not None else None):
            await self.close()  # before accepting: the handshake answers 403
            return
        await super().websocket_connect(message)

    async def connect(self) -> None:
        self.viewer: Viewer | None = None
        self.topics = Topics()
        self.cursor = 0
        self.subscription: Subscription | None = None
        self.pump: asyncio.Task[None] | None = None
        self.slot = contextlib.ExitStack()
        # The slot is taken before the handshake completes, so sockets are admitted in the
        # order their handshakes finish (a client's next socket cannot overtake this one).
        refusal: RateLimited | TooManyStreams | Unavailable | None = None
        try:
            client = await count_against_client_limit(self.scope)  # type: ignore[arg-type]
            self.slot.enter_context(stream_slot(client))
        except (RateLimited, TooManyStreams, Unavailable) as exc:
            refusal = exc
        await self.accept()
        if refusal is not None:
            await self._send(reply_to(refusal).message())
            reason = next(iter(refusal.errors.values()))[0]
            await self.close(code=1013, reason=reason[:120])  # try again later

    async def disconnect(self, code: int) -> None:
        await self._stop()
        slot = getattr(self, "slot", None)  # none if the handshake was refused
        if slot is not None:
            slot.close()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            if text_data is None or len(text_data) > _MAX_MESSAGE:
                raise Invalid({"message": [f"must be JSON text of at most {_MAX_MESSAGE} bytes"]})
            try:
                message = orjson.loads(text_data)
            except orjson.JSONDecodeError as exc:
                raise Invalid({"message": ["is not valid JSON"]}) from exc
            if not isinstance(message, dict):
                raise Invalid({"message": ["must be a JSON object"]})
            await self._handle(message)
        except DomainError as exc:
            await self._send(reply_to(exc).message())

    async def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "auth":
            await self._authenticate(message.get("token"))
        elif kind == "subscribe":
            if "token" in message and self.viewer is None:
                await self._authenticate(message["token"])
            topics = self.topics | parse_topics(_names(message.get("topics")))
            raw_id = message.get("lastEventId")
            last_id = last_event_id(None if raw_id is None else str(raw_id))
            await self._restart(topics, last_id)
        elif kind == "unsubscribe":
            await self._restart(self.topics - parse_topics(_names(message.get("topics"))), None)
        else:
            raise Invalid({"type": ["must be auth, subscribe or unsubscribe"]})

    async def _authenticate(self, token: Any) -> None:
        if self.viewer is not None or self.subscription is not None:
            raise Invalid({"auth": ["must come first, once"]})
        if not isinstance(token, str) or not token.strip():
            raise Unauthorized({"token": ["is missing"]})
        token = token.strip()
        try:
            viewer = token_viewer(header_token(token) if " " in token else token)
            self.viewer = await viewer_confirmed(viewer)
        except (OperationalError, InterfaceError) as exc:
            raise unavailable("database") from exc
        await self._send({"type": "authenticated"})

    async def _restart(self, topics: Topics, last_id: int | None) -> None:
        topics.check_viewer(self.viewer)
        if self.viewer is not None:
            # The token may have been revoked since `auth`: re-checked before each subscription.
            try:
                await viewer_confirmed(self.viewer)
            except Unauthorized:
                await self._revoked()
                return
            except (OperationalError, InterfaceError) as exc:
                raise unavailable("database") from exc
        resume = last_id
        if resume is None and self.subscription is not None:
            resume = self.cursor  # carry on exactly where the previous subscription was
        await self._stop()
        self.topics = topics
        if topics:
            subscription = Subscription(topics, viewer=self.viewer, cursor=self.cursor)
            try:
                await subscription.open(resume)
            except (LayerUnavailable, OperationalError, InterfaceError) as exc:
                await subscription.close()
                self.topics = Topics()
                raise unavailable("events", "are unavailable, retry later") from exc
            self.subscription = subscription
            self.cursor = subscription.cursor
            self.pump = asyncio.ensure_future(self._pump(subscription))
        await self._send({"type": "subscribed", "topics": topics.names()})

    async def _pump(self, subscription: Subscription) -> None:
        try:
            while True:
                frame = await subscription.next(settings.EVENTS_HEARTBEAT_SECONDS)
                if frame is None:
                    continue  # the WebSocket has its own pings
                if isinstance(frame, Envelope):
                    self.cursor = frame.id
                else:
                    self.cursor = max(self.cursor, frame.id)
                await self.send(text_data=event_message(frame))
        except TokenRevoked:
            await self._revoked()
        except (StreamEnded, OperationalError, InterfaceError) as exc:
            reason = str(exc) if isinstance(exc, StreamEnded) else "the database is unavailable"
            await self._send({"type": "end", "reason": reason, "retry": settings.EVENTS_RETRY_MS})
            await self.close(code=1013)  # try again later

    async def _revoked(self) -> None:
        """The token this socket authenticated with is no longer current: say so and close."""
        self.viewer = None
        await self._stop()
        await self._send(reply_to(invalid_token()).message())
        await self.close(code=1008)  # policy violation

    async def _stop(self) -> None:
        pump, self.pump = self.pump, None
        if pump is not None and pump is not asyncio.current_task():
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump
        subscription, self.subscription = self.subscription, None
        if subscription is not None:
            await subscription.close()

    async def _send(self, message: dict[str, Any]) -> None:
        await self.send(text_data=orjson.dumps(message).decode())


def _names(topics: Any) -> list[str]:
    if isinstance(topics, str):
        return topics.split(",")
    if isinstance(topics, list) and all(isinstance(name, str) for name in topics):
        return topics
    raise Invalid({"topics": ["must be a list of topic names"]})
