"""Domain errors: what a business rule refuses, independent of HTTP.

Each carries the spec's error body, `{"<field>": ["<message>"]}`; the API layer maps the kind to
its status code (api/errors.py) in one place.
"""

from django.conf import settings

type ErrorBody = dict[str, list[str]]


class DomainError(Exception):
    def __init__(self, errors: ErrorBody) -> None:
        super().__init__(errors)
        self.errors = errors


class Unauthorized(DomainError):
    """No valid credentials (401)."""


class Forbidden(DomainError):
    """Authenticated, but not allowed to touch this resource (403)."""

    def __init__(self, resource: str, message: str = "forbidden") -> None:
        super().__init__({resource: [message]})


class NotFound(DomainError):
    """The resource named in the path does not exist (404)."""

    def __init__(self, resource: str) -> None:
        super().__init__({resource: ["not found"]})


class Conflict(DomainError):
    """A unique value is already taken (409)."""


class Invalid(DomainError):
    """Well-formed input that a business rule rejects (422)."""


class Unavailable(DomainError):
    """A dependency this needs is down; retry after `retry_after` seconds (503)."""

    def __init__(self, errors: ErrorBody, *, retry_after: int) -> None:
        super().__init__(errors)
        self.retry_after = retry_after


def unavailable(what: str, message: str = "is unavailable, retry later") -> Unavailable:
    """`what` (the database, the event bus, ...) is down: 503 with the configured Retry-After
    (`DB_UNAVAILABLE_RETRY_AFTER`), the same for every dependency and every transport."""
    return Unavailable({what: [message]}, retry_after=settings.DB_UNAVAILABLE_RETRY_AFTER)
