"""Reads of tags."""

from django.db.models import Exists, OuterRef

from core.models import ArticleTag, Tag


async def tag_list() -> list[str]:
    """Every tag used by at least one article, in alphabetical order."""
    in_use = Tag.objects.filter(Exists(ArticleTag.objects.filter(tag_id=OuterRef("pk"))))
    return [name async for name in in_use.order_by("name").values_list("name", flat=True)]
