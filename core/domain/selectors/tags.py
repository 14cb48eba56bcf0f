"""Reads of tags."""

from typing import Any

from asgiref.sync import sync_to_async
from django.db.models import QuerySet

from core.domain.db import Markers, compiled_query
from core.domain.limits import TAGS_LIST_MAX
from core.domain.models import Tag


@compiled_query
def _most_used(markers: Markers) -> QuerySet[Any]:
    # Read in the order of tags_most_used_idx, so the plan stops after TAGS_LIST_MAX rows
    # however many tags and tag uses there are (tests/test_explain.py).
    in_use = Tag.objects.filter(uses__gt=0).order_by("-uses", "name")
    return in_use.values_list("name")[:TAGS_LIST_MAX]


@sync_to_async
def _names() -> list[str]:
    return sorted(name for (name,) in _most_used().rows({}))


async def tag_list() -> list[str]:
    """The `TAGS_LIST_MAX` tags used by the most visible articles (ties: alphabetical), listed
    in alphabetical order. One query, bounded by the index whatever the number of tags: a
    suspension takes its author's articles out of the counts (`tag_uses_shift`)."""
    return await _names()
