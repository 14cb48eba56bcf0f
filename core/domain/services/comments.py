"""Writing comments. Each write records its event (core.domain.events) last in its transaction."""

from django.db import IntegrityError, connection
from django.utils import timezone

from core.domain import sql
from core.domain.auth import Viewer, viewer_confirmed_with, viewer_user_now
from core.domain.db import atomic
from core.domain.errors import Forbidden, NotFound
from core.domain.events.outbox import record
from core.domain.events.payloads import CommentAdded, CommentGone
from core.domain.models import Comment, User
from core.domain.selectors.comments import CommentView
from core.domain.selectors.profiles import ProfileView


def comment_view(comment: Comment, author: User) -> CommentView:
    # Everything is at hand: nobody follows themselves, and an event is what anyone sees.
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


# The comment, on the article `slug` if readers may see it: one statement (no row: no such
# article). Plain SQL: the model's save() machinery cost more CPU than the insert.
_INSERT = (
    "INSERT INTO comments (article_id, author_id, body, created_at, updated_at)"  # noqa: S608 - constants only
    " SELECT visible.id, %(author)s, %(body)s, %(now)s, %(now)s"
    f" FROM ({sql.ARTICLE_ID}) AS visible RETURNING id"
)


@atomic
def _create(*, slug: str, viewer: Viewer, body: str) -> CommentView:
    author, now = viewer_user_now(viewer), timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, {"author": author.pk, "body": body, "now": now, "slug": slug})
        inserted = cursor.fetchone()
    if inserted is None:
        raise NotFound("article")
    comment = Comment(id=inserted[0], body=body, created_at=now, updated_at=now)
    view = comment_view(comment, author)
    record("comment.created", lambda: CommentAdded(slug=slug, comment=view), slug=slug)
    return view


async def comment_create(*, slug: str, author: Viewer, body: str) -> CommentView:
    """Add a comment to the article `slug`; the comment as its author sees it. One
    transaction: the author (the token's check), the comment on the article, the event lock,
    the event."""
    try:
        return await _create(slug=slug, viewer=author, body=body)
    except IntegrityError as exc:  # the article was deleted meanwhile
        raise NotFound("article") from exc


def comment_remove(comment_id: int, *, slug: str) -> bool:
    """Delete the comment and record `comment.deleted`, inside the caller's transaction; False
    if it was already gone. The author's delete and a moderator's both end here."""
    deleted, _ = Comment.objects.filter(pk=comment_id).delete()
    if deleted:  # not already deleted by a concurrent request
        record("comment.deleted", lambda: CommentGone(slug=slug, id=comment_id), slug=slug)
    return bool(deleted)


@atomic
def _delete(*, slug: str, comment_id: int, viewer: Viewer) -> None:
    found = viewer_confirmed_with(viewer, sql.VIEWER_COMMENT, {"slug": slug, "comment": comment_id})
    if found.article_id is None:
        raise NotFound("article")
    if found.author_id is None:
        raise NotFound("comment")
    if found.author_id != viewer.id:
        raise Forbidden("comment")
    if not comment_remove(comment_id, slug=slug):
        raise NotFound("comment")  # a concurrent request deleted it first: it answers 204, this 404


async def comment_delete(*, slug: str, comment_id: int, viewer: Viewer) -> None:
    """Delete the viewer's own comment on the article `slug`. Of concurrent deletes of one
    comment exactly one succeeds; the others find it gone (`NotFound`). One transaction, the
    token's check first."""
    await _delete(slug=slug, comment_id=comment_id, viewer=viewer)
