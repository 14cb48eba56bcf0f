"""One error shape for everything: `{"errors": {"<field>": ["<message>"]}}`.

Validation errors are reworded from Pydantic's into the RealWorld style ("can't be blank",
"is too long (maximum is 255 characters)") and keyed by the field's wire name.
"""

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import orjson
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from api.rendering import UnsupportedMediaType
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
)
from core.domain.events.quota import TooManyStreams
from core.domain.ratelimit import RateLimited

logger = logging.getLogger("conduit.api")

# The one status map of domain errors: Django's handlers, the event stream and the WebSocket.
STATUS: dict[type[DomainError], int] = {
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Invalid: 422,
    TooManyStreams: 429,
    Unavailable: 503,
}


def status_of(error: DomainError) -> int:
    """The HTTP status of a domain error (400 for a kind the map does not name)."""
    return STATUS.get(type(error), 400)


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


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, errors: ErrorBody
) -> HttpResponse:
    return api.create_response(request, {"errors": errors}, status=status)


def install(api: NinjaAPI) -> None:
    """Register the exception handlers that give every failure the spec's error shape."""

    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        response = error_response(api, request, STATUS[type(exc)], exc.errors)
        if isinstance(exc, Unavailable):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    def on_invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        body = exc.body if isinstance(exc, RequestInvalid) else {"request": ["is invalid"]}
        return error_response(api, request, 422, body)

    def on_missing_token(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, {"token": ["is missing"]})

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        cause = exc.__cause__
        if isinstance(cause, UnsupportedMediaType):
            return error_response(
                api, request, 415, {"body": ["must be JSON (Content-Type: application/json)"]}
            )
        if isinstance(cause, orjson.JSONDecodeError):
            return error_response(api, request, 422, {"body": ["is not valid JSON"]})
        return error_response(api, request, exc.status_code, {"request": [exc.message]})

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, {"resource": ["not found"]})

    def on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = settings.MAX_REQUEST_BODY_BYTES
        return error_response(
            api, request, 413, {"body": [f"is too large (maximum is {limit} bytes)"]}
        )

    def on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        response = error_response(api, request, 429, exc.errors)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    def on_database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Connection refused, pool timeout, server gone: the request failed before changing
        # anything that matters, and the pool reconnects by itself when the database is back.
        logger.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
        recheck_pool()
        response = error_response(api, request, 503, {"database": ["is unavailable, retry later"]})
        response.headers["Retry-After"] = str(settings.DB_UNAVAILABLE_RETRY_AFTER)
        return response

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(api, request, 500, {"server": ["internal error"]})

    _on(api, DomainError, on_domain_error)
    _on(api, ValidationError, on_invalid_request)
    _on(api, AuthenticationError, on_missing_token)
    _on(api, HttpError, on_http_error)
    _on(api, Http404, on_not_found)
    _on(api, RequestDataTooBig, on_body_too_large)
    _on(api, RateLimited, on_rate_limited)
    _on(api, OperationalError, on_database_unavailable)
    _on(api, InterfaceError, on_database_unavailable)
    _on(api, Exception, on_unexpected)


def _on[E: Exception](
    api: NinjaAPI, kind: type[E], handler: Callable[[HttpRequest, E], HttpResponse]
) -> None:
    # Ninja types handlers as taking "E | type[E]"; they only ever receive instances.
    api.add_exception_handler(kind, handler)  # type: ignore[arg-type]
