"""Moderation: what staff do from the admin (core/config/moderation.py).

Every action goes through the same code as the API's own writes, so it records the same events
and open clients update live, and it writes its audit row (`ModerationAction`: who, what, when,
why) in the same transaction: no action without its record, no record of an action that failed.

Suspending a user hides everything they wrote from every read (core.domain.sql.VISIBLE)
and refuses their tokens with 403 (core.domain.auth): to readers their articles and comments are
gone, so it records `article.deleted` and `comment.deleted` for each and ends the streams the
user has open; lifting it records `article.created` and `comment.created` for each again.
"""

from functools import partial

from django.db.models import QuerySet
from django.utils import timezone

from core.domain.db import atomic
from core.domain.events.hub import tokens_revoked
from core.domain.events.outbox import record
from core.domain.events.payloads import ArticleGone, ArticleListed, CommentAdded, CommentGone
from core.domain.limits import MODERATION_TARGET_MAX
from core.domain.models import Article, Comment, ModerationAction, User
from core.domain.selectors.articles import article_preview_now
from core.domain.services.articles import article_remove
from core.domain.services.comments import comment_remove, comment_view
from core.domain.services.tags import tag_uses_shift

Kind = ModerationAction.Kind


def _audit(
    kind: str, *, moderator: str, target: str, target_user_id: int | None, reason: str
) -> None:
    ModerationAction.objects.create(
        moderator=moderator,
        action=kind,
        target=target[:MODERATION_TARGET_MAX],
        target_user_id=target_user_id,
        reason=reason,
    )


@atomic
def _article_takedown(*, slug: str, moderator: str, reason: str) -> bool:
    article = Article.objects.select_for_update().filter(slug=slug).first()
    if article is None:
        return False
    author_suspended = User.objects.filter(pk=article.author_id, suspended_at__isnull=False)
    _audit(
        Kind.DELETE_ARTICLE,
        moderator=moderator,
        target=f"article {slug}",
        target_user_id=article.author_id,
        reason=reason,
    )
    return article_remove(article, tags_counted=not author_suspended.exists())


async def article_takedown(*, slug: str, moderator: str, reason: str) -> bool:
    """Delete the article `slug` (anyone's), as its author's delete does (`article.deleted`).
    False if there is no such article (nothing is logged)."""
    return await _article_takedown(slug=slug, moderator=moderator, reason=reason)


@atomic
def _comment_takedown(*, comment_id: int, moderator: str, reason: str) -> bool:
    comment = Comment.objects.select_for_update().filter(pk=comment_id).first()
    if comment is None:
        return False
    slug = Article.objects.filter(pk=comment.article_id).values_list("slug", flat=True).get()
    _audit(
        Kind.DELETE_COMMENT,
        moderator=moderator,
        target=f"comment {comment_id} on {slug}",
        target_user_id=comment.author_id,
        reason=reason,
    )
    return comment_remove(comment.pk, slug=slug)


async def comment_takedown(*, comment_id: int, moderator: str, reason: str) -> bool:
    """Delete a comment (anyone's), as its author's delete does (`comment.deleted`). False if
    there is no such comment (nothing is logged)."""
    return await _comment_takedown(comment_id=comment_id, moderator=moderator, reason=reason)


def _their_comments(user: User) -> QuerySet[Comment]:
    # Comments on their own articles go (and come back) with those articles.
    return (
        Comment.objects.filter(author_id=user.pk)
        .exclude(article__author_id=user.pk)
        .select_related("article")
        .order_by("created_at", "pk")
    )


@atomic
def _suspend(*, user_id: int, moderator: str, reason: str) -> bool:
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None or user.suspended_at is not None:
        return False
    user.suspended_at = timezone.now()
    user.save(update_fields=["suspended_at"])
    tag_uses_shift(author_id=user.pk, by=-1)
    _audit(
        Kind.SUSPEND,
        moderator=moderator,
        target=f"user {user.username}",
        target_user_id=user.pk,
        reason=reason,
    )
    # Events last in the transaction (core.domain.events.outbox.record).
    slugs = Article.objects.filter(author_id=user.pk).order_by("created_at", "pk")
    for slug in slugs.values_list("slug", flat=True):
        record("article.deleted", partial(ArticleGone, slug), slug=slug, author_id=user.pk)
    for comment in _their_comments(user):
        on = comment.article.slug
        record("comment.deleted", partial(CommentGone, slug=on, id=comment.pk), slug=on)
    return True


async def user_suspend(*, user_id: int, moderator: str, reason: str) -> bool:
    """Suspend a user: from the commit on, their tokens and logins get 403, everything they
    wrote is hidden (`article.deleted`, `comment.deleted` for each), and the streams they have
    open end. False if they are already suspended or gone (nothing is logged)."""
    done = await _suspend(user_id=user_id, moderator=moderator, reason=reason)
    if done:  # committed: every process's streams re-check this user (and end: suspended)
        tokens_revoked(user_id)
    return done


def _listed_event(slug: str) -> ArticleListed:
    return ArticleListed(article=article_preview_now(slug), previous_slug=None)


@atomic
def _lift(*, user_id: int, moderator: str, reason: str) -> bool:
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None or user.suspended_at is None:
        return False
    user.suspended_at = None
    user.save(update_fields=["suspended_at"])
    tag_uses_shift(author_id=user.pk, by=+1)
    _audit(
        Kind.LIFT,
        moderator=moderator,
        target=f"user {user.username}",
        target_user_id=user.pk,
        reason=reason,
    )
    articles = Article.objects.filter(author_id=user.pk).order_by("created_at", "pk")
    for slug in articles.values_list("slug", flat=True):
        record(
            "article.created",
            partial(_listed_event, slug),
            slug=slug,
            author_id=user.pk,
        )
    for comment in _their_comments(user):
        on = comment.article.slug
        record(
            "comment.created",
            partial(CommentAdded, slug=on, comment=comment_view(comment, user)),
            slug=on,
        )
    return True


async def user_unsuspend(*, user_id: int, moderator: str, reason: str) -> bool:
    """Lift a suspension: the user's tokens work again and what they wrote reappears
    (`article.created`, `comment.created` for each). False if they were not suspended."""
    return await _lift(user_id=user_id, moderator=moderator, reason=reason)
