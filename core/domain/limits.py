"""Limits: field sizes (shared by the models, the request schemas and the documentation) and
the shape of a rate limit. No Django imports: settings.py reads these."""

from dataclasses import dataclass
from typing import Self

USERNAME_MAX = 64
EMAIL_MAX = 254
PASSWORD_MIN = 8  # NIST 800-63B: at least 8 characters, at least 64 accepted, no composition rules
PASSWORD_MAX = 256
BIO_MAX = 2_000
IMAGE_URL_MAX = 2_048

TITLE_MAX = 255
# One limit for a slug everywhere: the articles and events columns, the topic parser, the
# documented topic pattern. Room for a whole slugified title plus a uniqueness suffix.
SLUG_MAX = 300
DESCRIPTION_MAX = 1_000
BODY_MAX = 100_000
TAG_MAX = 64
TAGS_PER_ARTICLE_MAX = 20
TAGS_LIST_MAX = 100  # GET /tags: the most used tags, not every tag ever used
COMMENT_MAX = 10_000

# Live updates: topics one stream may name; a stream ticket's length (they are 32 characters).
TOPICS_PER_STREAM_MAX = 20
TICKET_MAX = 64
# A token's session id (`sid`), as stored in users.token_kept_sid.
SESSION_ID_MAX = 64

# Moderation: the reason a moderator gives, and the audit log's description of the target.
MODERATION_REASON_MAX = 1_000
MODERATION_TARGET_MAX = 300

# A request body's default ceiling (settings.MAX_REQUEST_BODY_BYTES), and the documented one.
REQUEST_BODY_BYTES_DEFAULT = 2 * 1024 * 1024

PAGE_LIMIT_DEFAULT = 20
PAGE_LIMIT_MAX = 100
PAGE_OFFSET_MAX = 2**31 - 1


@dataclass(frozen=True, slots=True)
class Rate:
    limit: int
    period: int  # seconds

    @classmethod
    def parse(cls, text: str) -> Self | None:
        """`"100/60"` → 100 per 60 s; `""`, `"0"` or `"off"` → no limit."""
        text = text.strip().lower()
        if text in {"", "0", "off", "none"}:
            return None
        count, _, seconds = text.partition("/")
        rate = cls(int(count), int(seconds or 1))
        if rate.limit < 1 or rate.period < 1:
            raise ValueError(f"a rate is 'N/SECONDS' with both positive, not {text!r}")
        return rate

    def __str__(self) -> str:
        return f"{self.limit}/{self.period}"
