"""Writing comments."""

from django.db import IntegrityError

from core.errors import Forbidden, NotFound
from core.models import Comment, User
from core.selectors.articles import article_id
from core.selectors.comments import CommentView
from core.selectors.profiles import ProfileView


async def comment_create(*, slug: str, author: User, body: str) -> CommentView:
    """Add a comment to the article `slug`; the comment as its author sees it."""
    try:
        comment = await Comment.objects.acreate(
            article_id=await article_id(slug=slug), author=author, body=body
        )
    except IntegrityError as exc:  # the article was deleted meanwhile
        raise NotFound("article") from exc
    # Everything the author sees is at hand: nobody follows themselves.
    profile = ProfileView(
        username=author.username, bio=author.bio, image=author.image, following=False
    )
    return CommentView(
        id=comment.pk,
        created_at=comment.created_at,
        updated_at=comment.updated_at,
        body=comment.body,
        author=profile,
    )


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
