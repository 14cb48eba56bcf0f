"""The ASGI layer in front of Django: request ids and security headers for every response, a
cap on bodies, and the Host check for what Django does not route.

- Every HTTP response, also those Django's middleware never sees (static files), carries
  `X-Request-ID`; the id is settled here and handed to Django in the request's headers, so the
  response, the request's log lines and uvicorn's access line all name the same id.
- Django reads a whole request body (spooling it to disk) before any view runs, and uvicorn sets
  no limit, so a client could stream gigabytes. A body over `MAX_REQUEST_BODY_BYTES` gets 413 as
  soon as its declared length (or, for a chunked body, its running size) says so. Django checks
  the same limit again when a view reads the body (DATA_UPLOAD_MAX_MEMORY_SIZE).
- Every HTTP response gets the documented security headers, also those Django's middleware
  never sees (static files, the SPA's files, the event stream, a 413): a header the response
  sets itself (the SPA's page policy, the docs' CSP) is kept.
- `host_allowed`: the SPA, the static files and the event streams check `Host` against
  ALLOWED_HOSTS as Django does for its own views.
"""

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from api import csp
from api.asgi import ASGIApp, Message, Receive, Scope, Send, header_value
from api.errors import too_large
from core.edge.observability import REQUEST_ID_HEADER, new_request_id, request_id

_REQUEST_ID = REQUEST_ID_HEADER.lower().encode()
_HTML_CSP = csp.SPA.encode()
_OTHER_CSP = csp.API.encode()


def security_headers() -> dict[bytes, bytes]:
    """The headers every response carries unless it sets its own (Django's settings)."""
    return {
        b"x-content-type-options": b"nosniff",
        b"referrer-policy": settings.SECURE_REFERRER_POLICY.encode(),
        b"cross-origin-opener-policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY.encode(),
        b"x-frame-options": b"DENY",
    }


def with_security_headers(
    status: int, headers: list[tuple[bytes, bytes]], defaults: dict[bytes, bytes]
) -> list[tuple[bytes, bytes]]:
    present = {name.lower() for name, _ in headers}
    added = [(name, value) for name, value in defaults.items() if name not in present]
    # A 304 names no content type, and its headers update the cached page's: a policy added to
    # it would replace the page's own (the SPA's index.html would get the API's).
    if b"content-security-policy" not in present and status != 304:
        content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
        html = content_type.startswith(b"text/html")
        added.append((b"content-security-policy", _HTML_CSP if html else _OTHER_CSP))
    return [*headers, *added] if added else headers


def host_allowed(scope: Scope) -> bool:
    """Whether the request's Host is one of ALLOWED_HOSTS (Django's rules, DEBUG included)."""
    raw = header_value(scope["headers"], b"host")
    if raw is None:
        return False
    host, _ = split_domain_port(raw.decode("latin-1"))
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return bool(host) and validate_host(host, allowed)


class Edge:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.max_bytes: int = settings.MAX_REQUEST_BODY_BYTES
        self.headers = security_headers()

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
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                if not any(name.lower() == _REQUEST_ID for name, _ in headers):
                    headers.append(rid_header)
                headers = with_security_headers(message["status"], headers, self.headers)
                message = {**message, "headers": headers}
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
        await too_large(self.max_bytes).send(send, [(b"connection", b"close")])
