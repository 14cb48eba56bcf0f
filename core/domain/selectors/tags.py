"""Reads of tags."""

from asgiref.sync import sync_to_async

from core.domain import sql
from core.domain.limits import TAGS_LIST_MAX


@sync_to_async
def _names() -> list[str]:
    return sorted(sql.fetch_column(sql.MOST_USED_TAGS, {"limit": TAGS_LIST_MAX}))


async def tag_list() -> list[str]:
    """The `TAGS_LIST_MAX` tags used by the most visible articles (ties: alphabetical), listed
    in alphabetical order. One query, bounded by the index whatever the number of tags: a
    suspension takes its author's articles out of the counts (`tag_uses_shift`)."""
    return await _names()
