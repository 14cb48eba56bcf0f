"""Reads of comments."""

from django.db.models import FETCH_RAISE, QuerySet

from core.models import Comment, User
from core.selectors.articles import article_id
from core.selectors.profiles import following_flag


def comments_for(viewer: User | None) -> QuerySet[Comment]:
    """Comments with their author and whether the viewer follows that author, newest first."""
    return (
        Comment.objects.select_related("author")
        .annotate(author_following=following_flag(viewer, "author_id"))  # type: ignore[no-redef]
        .order_by("-created_at", "-id")
        .fetch_mode(FETCH_RAISE)
    )


async def comment_list(*, slug: str, viewer: User | None) -> list[Comment]:
    """The comments on the article `slug`, newest first. Two queries."""
    comments = comments_for(viewer).filter(article_id=await article_id(slug=slug))
    return [comment async for comment in comments]
