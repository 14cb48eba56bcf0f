"""Field types shared by the request and response schemas.

Text is checked for length as sent, stripped of surrounding whitespace, then checked for blanks
(nothing visible: only whitespace or invisible characters, core.domain.text), bidirectional
overrides (titles, tags, bios) and control characters (a NUL would even be refused by PostgreSQL). Limits come from core.domain.limits and appear in the
OpenAPI document as minLength/maxLength.
"""

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field, PlainSerializer, StringConstraints, WithJsonSchema

from core.domain import limits, text

# The rules, once as regular expressions: the validators apply them (with a message each) and
# the OpenAPI document states them as `pattern`s, so clients and fuzzers know them too.
# Control characters: C0, DEL and C1 (whose NEL, U+0085, Python even strips as whitespace).
_C0 = r"\x00-\x1f\x7f-\x9f"
_C0_EXCEPT_NEWLINES = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # tab, LF and CR are text
_CONTROL = re.compile(f"[{_C0}]")
_CONTROL_EXCEPT_NEWLINES = re.compile(f"[{_C0_EXCEPT_NEWLINES}]")
_USERNAME = r"\w[\w.-]*"
_EMAIL = f"[^@\\s{_C0}]+@[^@\\s{_C0}]+"
# http(s), a host (no brackets: no IPv6 literals), then a path, query or fragment without spaces.
_HTTP_URL = f"[Hh][Tt][Tt][Pp][Ss]?://[^/?#\\[\\]\\s{_C0}]+(?:[/?#][^\\s{_C0}]*)?"
_USERNAME_RE = re.compile(f"^{_USERNAME}$")
_EMAIL_RE = re.compile(f"^{_EMAIL}$")
_HTTP_URL_RE = re.compile(f"^{_HTTP_URL}$")


def _text_pattern(forbidden: str, *, optional: bool = False) -> str:
    """Text free of the `forbidden` characters with at least one visible character: neither
    whitespace nor invisible (or, if optional, only whitespace). The BMP's invisible characters
    only: a JSON Schema pattern cannot name astral ones portably (the validators do)."""
    visible = f"[^\\s{forbidden}{text.INVISIBLE_BMP_CLASS}]"
    shown = f"[^{forbidden}]*{visible}[^{forbidden}]*"
    return f"^(?:\\s*|{shown})$" if optional else f"^{shown}$"


def _pattern(pattern: str) -> Any:
    """Documents `pattern` in the JSON schema; the validators enforce it, with their messages."""
    return Field(json_schema_extra={"pattern": pattern})


# Titles, tags and bios also refuse bidirectional overrides and isolates (core.domain.text).
SINGLE_LINE = _pattern(_text_pattern(_C0 + text.BIDI_CLASS))
MULTI_LINE = _pattern(_text_pattern(_C0_EXCEPT_NEWLINES))


def _no_bidi_control(value: str) -> str:
    if text.has_bidi_control(value):
        raise ValueError("must not contain bidirectional override or isolate characters")
    return value


def _shown(value: str) -> str:
    """Optional text (a bio) that is not only invisible characters."""
    if value and not text.has_visible(value):
        raise ValueError("must contain a visible character")
    return value


def _username_normal(value: str) -> str:
    value = text.username_normal(value)
    if len(value) > limits.USERNAME_MAX:  # NFKC can lengthen it ("ﷺ" is 18 letters)
        raise ValueError(f"is too long (maximum is {limits.USERNAME_MAX} characters)")
    return value


def _single_line(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def _multi_line(value: str) -> str:
    if _CONTROL_EXCEPT_NEWLINES.search(value):
        raise ValueError("must not contain control characters")
    return value


def _username(value: str) -> str:
    if not _USERNAME_RE.match(value):
        raise ValueError("may contain only letters, digits, '_', '.' and '-'")
    return value


def _email(value: str) -> str:
    if not _EMAIL_RE.match(value):
        raise ValueError("is invalid")
    return value


def _http_url(value: str) -> str:
    if not _HTTP_URL_RE.match(value):
        raise ValueError("must be an http or https URL")
    return value


def _blank_to_none(value: str | None) -> str | None:
    return value or None


def _stripped(value: str) -> str:
    return value.strip()


def _stripped_not_blank(value: str) -> str:
    value = value.strip()
    if not text.has_visible(value):  # empty, or only invisible characters
        raise ValueError("can't be blank")
    return value


def _line(max_length: int) -> StringConstraints:
    """Required text of at most `max_length` characters as sent (what `maxLength` documents);
    follow it with NOT_BLANK, which strips it."""
    return StringConstraints(min_length=1, max_length=max_length)


NOT_BLANK = AfterValidator(_stripped_not_blank)
SINGLE_LINE_TEXT = AfterValidator(_single_line)
STRIPPED = AfterValidator(_stripped)


Username = Annotated[
    str,
    _line(limits.USERNAME_MAX),
    NOT_BLANK,
    AfterValidator(_username_normal),
    AfterValidator(_username),
    _pattern(f"^\\s*{_USERNAME}\\s*$"),
]
Email = Annotated[
    str,
    _line(limits.EMAIL_MAX),
    NOT_BLANK,
    AfterValidator(_single_line),
    AfterValidator(_email),
    _pattern(f"^\\s*{_EMAIL}\\s*$"),
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
    StringConstraints(max_length=limits.BIO_MAX),
    STRIPPED,
    AfterValidator(_multi_line),
    AfterValidator(_no_bidi_control),
    AfterValidator(_shown),
    _pattern(_text_pattern(_C0_EXCEPT_NEWLINES + text.BIDI_CLASS, optional=True)),
]
_ImageText = Annotated[
    str,
    StringConstraints(max_length=limits.IMAGE_URL_MAX),
    STRIPPED,
    AfterValidator(_single_line),
    AfterValidator(lambda v: _http_url(v) if v else v),
    _pattern(f"^\\s*(?:{_HTTP_URL})?\\s*$"),
]
# For both, `null` and "" mean "none" and are stored as null.
Bio = Annotated[_BioText | None, AfterValidator(_blank_to_none)]
ImageUrl = Annotated[_ImageText | None, AfterValidator(_blank_to_none)]

NO_BIDI_CONTROL = AfterValidator(_no_bidi_control)
Title = Annotated[
    str,
    _line(limits.TITLE_MAX),
    NOT_BLANK,
    AfterValidator(_single_line),
    NO_BIDI_CONTROL,
    SINGLE_LINE,
]
Description = Annotated[
    str, _line(limits.DESCRIPTION_MAX), NOT_BLANK, AfterValidator(_multi_line), MULTI_LINE
]
ArticleBody = Annotated[
    str, _line(limits.BODY_MAX), NOT_BLANK, AfterValidator(_multi_line), MULTI_LINE
]
TagName = Annotated[
    str,
    _line(limits.TAG_MAX),
    NOT_BLANK,
    AfterValidator(_single_line),
    NO_BIDI_CONTROL,
    SINGLE_LINE,
]
CommentBody = Annotated[
    str, _line(limits.COMMENT_MAX), NOT_BLANK, AfterValidator(_multi_line), MULTI_LINE
]


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
