"""Reads of tags."""

from typing import Any

from asgiref.sync import sync_to_async
from django.db.models import Exists, OuterRef, QuerySet

from core.domain.db import Markers, compiled_query
from core.domain.models import ArticleTag, Tag
from core.domain.selectors.visibility import suspended


@compiled_query
def _in_use(markers: Markers) -> QuerySet[Any]:
    links = ArticleTag.objects.filter(tag_id=OuterRef("pk"))
    in_use = Tag.objects.filter(Exists(links.filter(~suspended("article__author_id"))))
    return in_use.order_by("name").values_list("name")


@sync_to_async
def _names() -> list[str]:
    return [name for (name,) in _in_use().rows({})]


async def tag_list() -> list[str]:
    """Every tag used by at least one visible article, in alphabetical order. One query."""
    return await _names()
