"""Documented error responses: the one place where each failing status is declared.

Routers spread the per-status dicts into their `response=` (`{200: UserResponse,
**UNAUTHORIZED, **INVALID}`). In the OpenAPI document every error status becomes a reference to
the named response in `ERRORS` (`#/components/responses/Unauthorized`, ...), with its own
description and example, so generated clients and the docs name each failure. A status used by a
router without an entry in `ERRORS` makes the document generation fail (api/openapi.py).
"""

from dataclasses import dataclass
from typing import Any

from api.errors import too_large
from core.domain.errors import ErrorBody
from core.domain.limits import REQUEST_BODY_BYTES_DEFAULT
from schemas.common import GenericErrorModel


@dataclass(frozen=True, slots=True)
class ErrorResponse:
    name: str  # the key under components/responses
    description: str
    example: ErrorBody


ERRORS: dict[int, ErrorResponse] = {
    401: ErrorResponse(
        "Unauthorized",
        "The token is missing, malformed, expired or revoked (or, on login, the credentials are "
        "wrong).",
        {"token": ["is missing"]},
    ),
    403: ErrorResponse(
        "Forbidden",
        "Authenticated, but the resource belongs to someone else (the key names it: `article`, "
        "`comment`), or a moderator has suspended the account (`account`: every request with "
        "its token, and its login, answer this until the suspension is lifted).",
        {"article": ["forbidden"]},
    ),
    404: ErrorResponse(
        "NotFound",
        "The resource named in the path does not exist. The key names the resource "
        "(`article`, `profile`, `comment`).",
        {"article": ["not found"]},
    ),
    409: ErrorResponse(
        "Conflict",
        "A unique value is already taken. Each key names a taken field.",
        {"username": ["has already been taken"]},
    ),
    413: ErrorResponse(
        "ContentTooLarge",
        "The request body is larger than the server accepts (MAX_REQUEST_BODY_BYTES, 2 MiB by "
        "default).",
        too_large(REQUEST_BODY_BYTES_DEFAULT).errors,
    ),
    415: ErrorResponse(
        "UnsupportedMediaType",
        "The request body is not JSON.",
        {"body": ["must be JSON (Content-Type: application/json)"]},
    ),
    422: ErrorResponse(
        "UnprocessableContent",
        "The request does not validate. Each key names a field (or `body`), with its messages.",
        {"title": ["can't be blank"], "tagList": ["is too long (maximum is 20 items)"]},
    ),
    429: ErrorResponse(
        "TooManyRequests",
        "Too many requests from this client, or too many attempts on one account: retry after "
        "the number of seconds in Retry-After.",
        {"rate": ["too many requests, retry in 42 s"]},
    ),
    503: ErrorResponse(
        "ServiceUnavailable",
        "A dependency (the database, the event bus) is unreachable: retry after the number of "
        "seconds in Retry-After.",
        {"database": ["is unavailable, retry later"]},
    ),
}

# A token can be refused (401), or its account suspended (403).
UNAUTHORIZED: dict[int, Any] = {401: GenericErrorModel, 403: GenericErrorModel}
FORBIDDEN: dict[int, Any] = {403: GenericErrorModel}
NOT_FOUND: dict[int, Any] = {404: GenericErrorModel}
CONFLICT: dict[int, Any] = {409: GenericErrorModel}
INVALID: dict[int, Any] = {422: GenericErrorModel}
UNAVAILABLE: dict[int, Any] = {503: GenericErrorModel}
