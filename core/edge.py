"""The ASGI layer in front of Django: a hard cap on request bodies.

Django reads a whole request body (spooling it to disk) before any view runs, and uvicorn sets no
limit, so a client could stream gigabytes. This refuses a body over `MAX_REQUEST_BODY_BYTES`
with 413 as soon as its declared length (or, for a chunked body, its running size) says so.
Django checks the same limit again when a view reads the body (DATA_UPLOAD_MAX_MEMORY_SIZE).
"""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson
from django.conf import settings

from core.observability import REQUEST_ID_HEADER, header_value, new_request_id

type Scope = MutableMapping[str, Any]
type Message = MutableMapping[str, Any]
type Receive = Callable[[], Awaitable[Message]]
type Send = Callable[[Message], Awaitable[None]]
type ASGIApp = Callable[..., Awaitable[None]]


class BodySizeLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.max_bytes: int = settings.MAX_REQUEST_BODY_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
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
        rid = new_request_id(header_value(scope["headers"], b"x-request-id"))
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                    (REQUEST_ID_HEADER.lower().encode(), rid.encode()),
                    (b"x-content-type-options", b"nosniff"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
