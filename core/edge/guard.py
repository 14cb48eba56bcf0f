"""The ASGI layer in front of Django: request ids for every response, and a cap on bodies.

- Every HTTP response, also those Django's middleware never sees (static files), carries
  `X-Request-ID`; the id is settled here and handed to Django in the request's headers, so the
  response, the request's log lines and uvicorn's access line all name the same id.
- Django reads a whole request body (spooling it to disk) before any view runs, and uvicorn sets
  no limit, so a client could stream gigabytes. A body over `MAX_REQUEST_BODY_BYTES` gets 413 as
  soon as its declared length (or, for a chunked body, its running size) says so. Django checks
  the same limit again when a view reads the body (DATA_UPLOAD_MAX_MEMORY_SIZE).
"""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson
from django.conf import settings

from core.edge.observability import REQUEST_ID_HEADER, header_value, new_request_id, request_id

type Scope = MutableMapping[str, Any]
type Message = MutableMapping[str, Any]
type Receive = Callable[[], Awaitable[Message]]
type Send = Callable[[Message], Awaitable[None]]
type ASGIApp = Callable[..., Awaitable[None]]


_REQUEST_ID = REQUEST_ID_HEADER.lower().encode()


class Edge:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.max_bytes: int = settings.MAX_REQUEST_BODY_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = header_value(scope["headers"], _REQUEST_ID)
        rid = new_request_id(offered)
        if offered is None or offered.decode("latin-1") != rid:
            scope = {
                **scope,
                "headers": [
                    *(item for item in scope["headers"] if item[0] != _REQUEST_ID),
                    (_REQUEST_ID, rid.encode()),
                ],
            }
        request_id.set(rid)
        rid_header = (_REQUEST_ID, rid.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start" and not any(
                name.lower() == _REQUEST_ID for name, _ in message.get("headers", ())
            ):
                message = {**message, "headers": [*message.get("headers", ()), rid_header]}
            await send(message)

        await self._limited(scope, receive, send_with_id)

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = scope["headers"]
        declared = header_value(headers, b"content-length")
        if declared is not None:
            if declared.isdigit() and int(declared) > self.max_bytes:
                await self._too_large(scope, send)
                return
            await self.app(scope, receive, send)  # the server stops at the declared length
            return
        if header_value(headers, b"transfer-encoding") is None:
            await self.app(scope, receive, send)  # no body
            return
        # A chunked body of unknown length: read it up to the limit, then replay it to the app.
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._too_large(scope, send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, send: Send) -> None:
        body = orjson.dumps(
            {"errors": {"body": [f"is too large (maximum is {self.max_bytes} bytes)"]}}
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                    (b"x-content-type-options", b"nosniff"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
