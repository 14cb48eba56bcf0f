"""Writing comments."""

from django.db import IntegrityError

from core.errors import Forbidden, NotFound
from core.models import Comment, User
from core.selectors.articles import article_id
from core.selectors.comments import comments_for


async def comment_create(*, slug: str, author: User, body: str) -> Comment:
    """Add a comment to the article `slug`."""
    try:
        comment = await Comment.objects.acreate(
            article_id=await article_id(slug=slug), author=author, body=body
        )
    except IntegrityError as exc:  # the article was deleted meanwhile
        raise NotFound("article") from exc
    created = await comments_for(author).filter(pk=comment.pk).afirst()
    if created is None:  # the article, and its comments with it, was deleted meanwhile
        raise NotFound("article")
    return created


async def comment_delete(*, slug: str, comment_id: int, user: User) -> None:
    """Delete the user's own comment on the article `slug`."""
    comment = await Comment.objects.filter(
        pk=comment_id, article_id=await article_id(slug=slug)
    ).afirst()
    if comment is None:
        raise NotFound("comment")
    if comment.author_id != user.pk:
        raise Forbidden("comment")
    await comment.adelete()
