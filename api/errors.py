"""One error shape for everything: `{"errors": {"<field>": ["<message>"]}}`.

`ErrorReply` is the one builder of an error response (status, body, headers such as
Retry-After and Allow), and `STATUS` the one map from an error to its status: Django's
exception handlers, views and middleware return `reply.response()`, the raw ASGI apps (the
event stream, the static assets, the ASGI edge) `await reply.send(send)`, the WebSocket sends
`reply.message()`.

Validation errors are reworded from Pydantic's into the RealWorld style ("can't be blank",
"is too long (maximum is 255 characters)") and keyed by the field's wire name.
"""

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from api.asgi import Send
from api.rendering import CONTENT_TYPE, UnsupportedMediaType
from core.domain.db import recheck_pool
from core.domain.errors import (
    Conflict,
    DomainError,
    ErrorBody,
    Forbidden,
    Invalid,
    NotFound,
    Unauthorized,
    Unavailable,
    unavailable,
)
from core.domain.events.quota import TooManyStreams
from core.domain.ratelimit import RateLimited

logger = logging.getLogger("conduit.api")

type Refusal = DomainError | RateLimited

# The one status map of the errors that carry their own body, for every transport.
STATUS: dict[type[Exception], int] = {
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Invalid: 422,
    TooManyStreams: 429,
    RateLimited: 429,
    Unavailable: 503,
}


@dataclass(frozen=True, slots=True)
class ErrorReply:
    """An error response in the spec's shape: the one builder of them (module docstring)."""

    status: int
    errors: ErrorBody
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def body(self) -> bytes:
        return orjson.dumps({"errors": self.errors})

    def response(self) -> HttpResponse:
        """As Django's response."""
        response = HttpResponse(self.body, status=self.status, content_type=CONTENT_TYPE)
        for name, value in self.headers:
            response.headers[name] = value
        return response

    async def send(
        self, send: Send, extra: Iterable[tuple[bytes, bytes]] = (), *, method: str = "GET"
    ) -> None:
        """Sent by a raw ASGI app (`extra`: its own headers, e.g. CORS; no body for HEAD)."""
        body = self.body
        headers = [
            (b"content-type", CONTENT_TYPE.encode()),
            (b"content-length", b"%d" % len(body)),
            *((name.lower().encode(), value.encode()) for name, value in self.headers),
            *extra,
        ]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})

    def message(self) -> dict[str, Any]:
        """As a WebSocket message."""
        return {"type": "error", "status": self.status, "errors": self.errors}


def error_reply(
    status: int, errors: ErrorBody, *, retry_after: int | None = None, allow: str | None = None
) -> ErrorReply:
    headers = []
    if retry_after is not None:
        headers.append(("Retry-After", str(retry_after)))
    if allow is not None:
        headers.append(("Allow", allow))
    return ErrorReply(status, errors, tuple(headers))


def reply_to(error: Refusal) -> ErrorReply:
    """A refusal's reply: its status from `STATUS`, with Retry-After when it says when."""
    retry_after = None
    if isinstance(error, (Unavailable, TooManyStreams, RateLimited)):
        retry_after = error.retry_after
    return error_reply(STATUS[type(error)], error.errors, retry_after=retry_after)


def not_found() -> ErrorReply:
    """A path that names nothing."""
    return error_reply(404, NotFound("resource").errors)


def bad_host() -> ErrorReply:
    """A Host header not in ALLOWED_HOSTS: Django's check (/api) and the edge's (the rest)."""
    return error_reply(400, {"host": ["is not one this site answers to"]})


def method_not_allowed(method: str, allow: str) -> ErrorReply:
    return error_reply(405, {"method": [f"{method} is not allowed here"]}, allow=allow)


def too_large(limit: int) -> ErrorReply:
    """A request body over `limit` bytes (MAX_REQUEST_BODY_BYTES)."""
    return error_reply(413, {"body": [f"is too large (maximum is {limit} bytes)"]})


def server_error() -> ErrorReply:
    return error_reply(500, {"server": ["internal error"]})


BLANK = "can't be blank"


class RequestInvalid(ValidationError):
    """A request whose parameters or body do not validate, already in the spec's shape."""

    def __init__(self, errors: ErrorBody) -> None:
        super().__init__([errors])
        self.body = errors


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def message(error: Mapping[str, Any]) -> str:
    """A Pydantic error as a short sentence that follows the field name."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing" or (kind == "string_type" and value is None):
        return BLANK
    if kind == "string_too_short":
        if ctx.get("min_length") == 1 or _is_blank(value):
            return BLANK
        return f"is too short (minimum is {ctx['min_length']} characters)"
    if kind == "string_too_long":
        return f"is too long (maximum is {ctx['max_length']} characters)"
    if kind == "too_long":
        return f"is too long (maximum is {ctx['max_length']} items)"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "json_invalid":
        return "is not valid JSON"
    known = {
        "string_type": "must be a string",
        "int_parsing": "must be an integer",
        "int_type": "must be an integer",
        "int_from_float": "must be an integer",
        "bool_parsing": "must be true or false",
        "bool_type": "must be true or false",
        "list_type": "must be a list",
        "model_type": "must be an object",
        "model_attributes_type": "must be an object",
        "dict_type": "must be an object",
        "greater_than_equal": f"must be greater than or equal to {ctx.get('ge')}",
        "less_than_equal": f"must be less than or equal to {ctx.get('le')}",
    }
    return known.get(kind, str(error["msg"]))


def field_name(location: Iterable[Any], *, default: str) -> str:
    """The innermost named field of an error location (list indexes are skipped)."""
    names = [part for part in location if isinstance(part, str)]
    return names[-1] if names else default


def validation_errors(errors: Iterable[tuple[tuple[Any, ...], Mapping[str, Any]]]) -> ErrorBody:
    """Group errors, given as (location below the parameter, error), by field."""
    body: ErrorBody = {}
    for location, error in errors:
        body.setdefault(field_name(location, default="body"), []).append(message(error))
    return body


def install(api: NinjaAPI) -> None:
    """Register the exception handlers that give every failure the spec's error shape."""

    def on_refusal(request: HttpRequest, exc: DomainError | RateLimited) -> HttpResponse:
        return reply_to(exc).response()

    def on_invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        exc.__traceback__ = None  # it holds the frame that raised it, which holds it: a cycle
        body = exc.body if isinstance(exc, RequestInvalid) else {"request": ["is invalid"]}
        return error_reply(422, body).response()

    def on_missing_token(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_reply(401, {"token": ["is missing"]}).response()

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        cause = exc.__cause__
        if isinstance(cause, UnsupportedMediaType):
            body = {"body": ["must be JSON (Content-Type: application/json)"]}
            return error_reply(415, body).response()
        if isinstance(cause, orjson.JSONDecodeError):
            return error_reply(422, {"body": ["is not valid JSON"]}).response()
        return error_reply(exc.status_code, {"request": [exc.message]}).response()

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return not_found().response()

    def on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return too_large(settings.MAX_REQUEST_BODY_BYTES).response()

    def on_database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Connection refused, pool timeout, server gone: the request failed before changing
        # anything that matters, and the pool reconnects by itself when the database is back.
        logger.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
        recheck_pool()
        return reply_to(unavailable("database")).response()

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return server_error().response()

    _on(api, DomainError, on_refusal)
    _on(api, ValidationError, on_invalid_request)
    _on(api, AuthenticationError, on_missing_token)
    _on(api, HttpError, on_http_error)
    _on(api, Http404, on_not_found)
    _on(api, RequestDataTooBig, on_body_too_large)
    _on(api, RateLimited, on_refusal)
    _on(api, OperationalError, on_database_unavailable)
    _on(api, InterfaceError, on_database_unavailable)
    _on(api, Exception, on_unexpected)


def _on[E: Exception](
    api: NinjaAPI, kind: type[E], handler: Callable[[HttpRequest, E], HttpResponse]
) -> None:
    # Ninja types handlers as taking "E | type[E]"; they only ever receive instances.
    api.add_exception_handler(kind, handler)  # type: ignore[arg-type]
