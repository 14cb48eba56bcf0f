"""Field types shared by the request and response schemas.

Text is stripped of surrounding whitespace, then checked for length and for control characters
(a NUL would even be refused by PostgreSQL). Limits come from core.limits and appear in the
OpenAPI document as minLength/maxLength.
"""

import re
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, PlainSerializer, StringConstraints, WithJsonSchema

from core import limits

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_EXCEPT_NEWLINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_USERNAME = re.compile(r"^\w[\w.-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def _single_line(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def _multi_line(value: str) -> str:
    if _CONTROL_EXCEPT_NEWLINES.search(value):
        raise ValueError("must not contain control characters")
    return value


def _username(value: str) -> str:
    if not _USERNAME.match(value):
        raise ValueError("may contain only letters, digits, '_', '.' and '-'")
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("is invalid")
    return value


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise ValueError("must be an http or https URL")
    return value


def _blank_to_none(value: str | None) -> str | None:
    return value or None


def _line(max_length: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


Username = Annotated[str, _line(limits.USERNAME_MAX), AfterValidator(_username)]
Email = Annotated[
    str, _line(limits.EMAIL_MAX), AfterValidator(_single_line), AfterValidator(_email)
]
# Passwords are taken exactly as typed: no stripping, no composition rules (NIST 800-63B).
# `format: password` (as in the RealWorld spec) makes the docs mask what is typed.
PASSWORD_FORMAT = Field(json_schema_extra={"format": "password"})
Password = Annotated[
    str,
    StringConstraints(min_length=limits.PASSWORD_MIN, max_length=limits.PASSWORD_MAX),
    PASSWORD_FORMAT,
]
_BioText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=limits.BIO_MAX),
    AfterValidator(_multi_line),
]
_ImageText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=limits.IMAGE_URL_MAX),
    AfterValidator(_single_line),
    AfterValidator(lambda v: _http_url(v) if v else v),
]
# For both, `null` and "" mean "none" and are stored as null.
Bio = Annotated[_BioText | None, AfterValidator(_blank_to_none)]
ImageUrl = Annotated[_ImageText | None, AfterValidator(_blank_to_none)]

Title = Annotated[str, _line(limits.TITLE_MAX), AfterValidator(_single_line)]
Description = Annotated[str, _line(limits.DESCRIPTION_MAX), AfterValidator(_multi_line)]
ArticleBody = Annotated[str, _line(limits.BODY_MAX), AfterValidator(_multi_line)]
TagName = Annotated[str, _line(limits.TAG_MAX), AfterValidator(_single_line)]
CommentBody = Annotated[str, _line(limits.COMMENT_MAX), AfterValidator(_multi_line)]


def iso_millis(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ISO 8601 in UTC with milliseconds, e.g. 2016-02-18T03:22:56.637Z, the format of the spec's
# examples; the same string on every read, whatever the renderer.
Timestamp = Annotated[
    datetime,
    PlainSerializer(iso_millis, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def unset() -> Any:
    """The default of an optional field: absent unless sent.

    Handlers read only the fields a client sent (`model_dump(exclude_unset=True)`), so "absent"
    and "null" stay distinct: a field typed without `None` still refuses an explicit null.
    """
    return Field(default=None)
