"""Reads of tags.

The tag list is the same for every reader and changes only when a write changes the tags' use
counts, so each process keeps the last answer (`_TagList`) for up to TAGS_CACHE_SECONDS: a
read within that time costs no query and no thread hop. A write in this process forgets the
answer when it commits (`tag_list_changed`, called by core.domain.services.tags), so its author
reads their own change at once; a write in another process shows here at the latest
TAGS_CACHE_SECONDS later. When the answer expires, one request reads it again while the others
keep the previous one: no burst of identical queries at each expiry.
"""

import time

from asgiref.sync import sync_to_async
from django.conf import settings

from core.domain import sql
from core.domain.limits import TAGS_LIST_MAX


@sync_to_async
def _names() -> list[str]:
    return sorted(sql.fetch_column(sql.MOST_USED_TAGS, {"limit": TAGS_LIST_MAX}))


class _TagList:
    """This process's last answer, the time it is good until, and a generation that each
    change in this process moves on (a read that started before the change must not store
    what it read)."""

    def __init__(self) -> None:
        self.names: list[str] | None = None
        self.until = 0.0
        self.generation = 0

    def forget(self) -> None:
        self.generation += 1
        self.names = None

    async def read(self) -> list[str]:
        now = time.monotonic()
        names = self.names
        if names is not None and now < self.until:
            return names
        generation = self.generation
        if names is not None:
            # Expired: this request reads; the others keep serving `names` meanwhile.
            self.until = now + settings.TAGS_CACHE_SECONDS
        try:
            fresh = await _names()
        except BaseException:
            self.until = 0.0  # the next request tries again
            raise
        if generation == self.generation:
            self.names, self.until = fresh, time.monotonic() + settings.TAGS_CACHE_SECONDS
        return fresh


_tag_list = _TagList()


async def tag_list() -> list[str]:
    """The `TAGS_LIST_MAX` tags used by the most visible articles (ties: alphabetical), listed
    in alphabetical order, as of at most TAGS_CACHE_SECONDS ago (at once after a change made in
    this process). One query when read, bounded by the index whatever the number of tags: a
    suspension takes its author's articles out of the counts (`tag_uses_shift`)."""
    return await _tag_list.read()


def tag_list_changed() -> None:
    """The tags' use counts changed in this process (after its commit): the next read asks the
    database."""
    _tag_list.forget()
