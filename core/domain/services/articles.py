"""Writing articles: create, update, delete, favorite.

Each write records its event (core.domain.events) as the last statement of its transaction.
"""

import dataclasses
import secrets
from collections.abc import Callable
from typing import TypedDict

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from core.domain import sql
from core.domain.auth import Viewer, viewer_confirmed_with, viewer_user_now
from core.domain.db import atomic, link_set
from core.domain.errors import Forbidden, NotFound
from core.domain.events.outbox import record
from core.domain.events.payloads import ArticleGone, ArticleListed, FavoritesCounted, Payload
from core.domain.limits import SLUG_MAX
from core.domain.models import Article, ArticleTag, Tag
from core.domain.selectors.articles import ArticleView, article_written, listed_publicly
from core.domain.selectors.profiles import ProfileView
from core.domain.services.tags import (
    TagBudget,
    tag_links_add,
    tag_uses_add,
    tag_uses_count,
    with_tag_budget,
)

_SLUG_ATTEMPTS = 8
# Slugs that would collide with a route under /articles/.
_RESERVED_SLUGS = frozenset({"feed"})


class ArticleChanges(TypedDict, total=False):
    title: str
    description: str
    body: str
    tag_list: list[str]


_SUFFIX_LENGTH = 7  # "-" and 6 hex digits


def _slug_candidates(title: str) -> list[str]:
    """The title's slug, then the same with random suffixes for when it is taken; each within
    SLUG_MAX (the base is cut to leave room for the suffix)."""
    base = slugify(title, allow_unicode=True)[:SLUG_MAX].strip("-") or "article"
    short = base[: SLUG_MAX - _SUFFIX_LENGTH].strip("-") or "article"
    return [base] + [f"{short}-{secrets.token_hex(3)}" for _ in range(_SLUG_ATTEMPTS - 1)]


def _slug_taken(slug: str, article: Article) -> bool:
    return (
        slug in _RESERVED_SLUGS or Article.objects.filter(slug=slug).exclude(pk=article.pk).exists()
    )


def _save_with_unique_slug(article: Article, *, update_fields: list[str] | None = None) -> None:
    """Insert `article` (or save `update_fields` of it) under the first free slug of its title.

    Each attempt runs in a savepoint, so a slug taken by a concurrent writer between our check
    and our write costs one retry instead of failing the request.
    """
    for slug in _slug_candidates(article.title):
        if update_fields is not None and slug == article.slug:
            article.save(update_fields=update_fields)  # the new title slugifies the same
            return
        if _slug_taken(slug, article):
            continue
        article.slug = slug
        try:
            with transaction.atomic():
                if update_fields is None:
                    article.save(force_insert=True)
                else:
                    article.save(update_fields=[*update_fields, "slug"])
        except IntegrityError:
            if not _slug_taken(slug, article):
                raise  # some other constraint failed
            continue
        return
    raise IntegrityError(f"no free slug for {article.title!r} after {_SLUG_ATTEMPTS} attempts")


def _insert_with_unique_slug(article: Article) -> None:
    """Insert the new `article` under the first free slug of its title: one statement per
    attempt, a slug taken (even by a concurrent writer) skipped by ON CONFLICT."""
    with connection.cursor() as cursor:
        for slug in _slug_candidates(article.title):
            if slug in _RESERVED_SLUGS:
                continue
            cursor.execute(
                "INSERT INTO articles"
                " (slug, title, description, body, author_id, created_at, updated_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (slug) DO NOTHING RETURNING id",
                [
                    slug,
                    article.title,
                    article.description,
                    article.body,
                    article.author_id,
                    article.created_at,
                    article.updated_at,
                ],
            )
            inserted = cursor.fetchone()
            if inserted is not None:
                article.pk, article.slug = inserted[0], slug
                article._state.adding = False
                return
    raise IntegrityError(f"no free slug for {article.title!r} after {_SLUG_ATTEMPTS} attempts")


def _tag_new(article: Article, names: list[str], budget: TagBudget) -> list[str]:
    """Tag the new `article` with `names` (duplicates dropped, order kept), counting one use of
    each and the new ones against `budget`: two statements (tags upserted with their counts,
    then the links). The names as stored."""
    names = list(dict.fromkeys(names))
    if not names:
        return []
    ids, introduced = tag_uses_add(names)
    budget.cover(introduced)
    tag_links_add(article.pk, [ids[name] for name in names])
    return names


def _set_tags(article: Article, names: list[str], *, budget: TagBudget | None = None) -> None:
    """Replace the article's tags with `names`, keeping their order (duplicates dropped), and
    keep the tags' use counts in step; the tags it brings into use are counted against
    `budget` (None: a removal, which brings none)."""
    names = list(dict.fromkeys(names))
    links = ArticleTag.objects.filter(article=article)
    before = set(links.values_list("tag_id", flat=True))
    if before:
        links.delete()
    ids: dict[str, int] = {}
    if names:
        Tag.objects.bulk_create([Tag(name=name) for name in names], ignore_conflicts=True)
        ids = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
        tag_links_add(article.pk, [ids[name] for name in names])
    after = set(ids.values())
    introduced = tag_uses_count(added=after - before, removed=before - after)
    if budget is not None:
        budget.cover(introduced)


@atomic
def _create(
    *, viewer: Viewer, title: str, description: str, body: str, tags: list[str], budget: TagBudget
) -> ArticleView:
    author = viewer_user_now(viewer)
    now = timezone.now()
    article = Article(
        author=author,
        title=title,
        description=description,
        body=body,
        created_at=now,
        updated_at=now,
    )
    _insert_with_unique_slug(article)
    # The event's snapshot is what this write has: nobody has favorited the article yet, and
    # nobody follows themselves, so it is what anyone sees (its author too). No read back.
    listed = ArticleView(
        slug=article.slug,
        title=title,
        description=description,
        body=None,
        tag_list=_tag_new(article, tags, budget),
        created_at=now,
        updated_at=now,
        favorited=False,
        favorites_count=0,
        author=ProfileView(
            username=author.username, bio=author.bio, image=author.image, following=False
        ),
    )
    record(
        "article.created",
        lambda: ArticleListed(article=listed, previous_slug=None),
        slug=article.slug,
        author_id=author.pk,
    )
    return dataclasses.replace(listed, body=body)  # with its body, it is the response


async def article_create(
    *, author: Viewer, title: str, description: str, body: str, tag_list: list[str]
) -> ArticleView:
    """Create an article under a slug made from its title (unique: a suffix when taken).

    `RateLimited` if it would introduce more new tags than the author has left."""
    return await with_tag_budget(
        author.id,
        lambda budget: _create(
            viewer=author,
            title=title,
            description=description,
            body=body,
            tags=tag_list,
            budget=budget,
        ),
    )


def _own_article(*, slug: str, viewer: Viewer) -> Article:
    """The viewer's article `slug` (the token's check first), in a write's transaction, the
    row locked: a concurrent delete waits for this write instead of making it fail.
    `NotFound` if there is none, `Forbidden` if it is someone else's."""
    user = viewer_user_now(viewer)
    article = Article.objects.select_for_update().filter(slug=slug).first()
    if article is None:
        raise NotFound("article")
    if article.author_id != user.pk:
        raise Forbidden("article")
    return article


def _record_with_answer(
    name: str,
    slug: str,
    viewer: Viewer,
    event: Callable[[ArticleView], Payload],
    *,
    previous_slug: str | None = None,
    author_id: int | None = None,
) -> ArticleView:
    """Record the event `name` of the article `slug` written in this transaction, made by
    `event` from the article as `viewer` reads it once the event lock is held (so its favorites
    count is never older than an event before it); that read is the answer (one read where the
    answer and the event's were two)."""
    answer: list[ArticleView] = []

    def payload() -> Payload:
        answer.append(article_written(slug, viewer))
        return event(answer[0])

    record(name, payload, slug=slug, previous_slug=previous_slug, author_id=author_id)
    return answer[0]


@atomic
def _update(slug: str, viewer: Viewer, changes: ArticleChanges, budget: TagBudget) -> ArticleView:
    article = _own_article(slug=slug, viewer=viewer)
    previous_slug = article.slug
    fields = ["updated_at"]
    for field in ("description", "body"):
        if field in changes:
            setattr(article, field, changes[field])
            fields.append(field)
    article.updated_at = timezone.now()
    if "title" in changes and changes["title"] != article.title:
        article.title = changes["title"]
        _save_with_unique_slug(article, update_fields=[*fields, "title"])
    else:
        article.save(update_fields=fields)
    if "tag_list" in changes:
        _set_tags(article, changes["tag_list"], budget=budget)
    moved = previous_slug if previous_slug != article.slug else None
    # The event's listing is the answer without what only the viewer sees.
    return _record_with_answer(
        "article.updated",
        article.slug,
        viewer,
        lambda answer: ArticleListed(article=listed_publicly(answer), previous_slug=moved),
        previous_slug=moved,
        author_id=article.author_id,
    )


async def article_update(*, slug: str, viewer: Viewer, changes: ArticleChanges) -> ArticleView:
    """Apply the given changes; a new title gives a new slug (the old one then 404s).

    Without `tag_list` the tags stay; an empty `tag_list` removes them all. `RateLimited` if
    it would introduce more new tags than the author has left.
    """
    return await with_tag_budget(viewer.id, lambda budget: _update(slug, viewer, changes, budget))


def article_remove(article: Article, *, locked: bool = False, tags_counted: bool = True) -> bool:
    """Delete the article and record `article.deleted`, inside the caller's transaction (as
    its last statements); False if it was already gone. The author's delete and a moderator's
    (core.domain.services.moderation) both end here. `locked`: the caller holds the row's lock
    (`select_for_update`), so it exists. `tags_counted=False` for an article of a suspended
    author, whose tags already left the use counts (`tag_uses_shift`)."""
    # Lock the row first: a comment or favorite being added now waits for its foreign-key check
    # (it then fails: 404) instead of slipping in between the cascade's reads and the delete.
    if not locked and not Article.objects.select_for_update().filter(pk=article.pk).exists():
        return False
    slug = article.slug
    if tags_counted:
        _set_tags(article, [])  # the tags' use counts drop with the links
    article.delete()
    record("article.deleted", lambda: ArticleGone(slug), slug=slug, author_id=article.author_id)
    return True


@atomic
def _delete(slug: str, viewer: Viewer) -> None:
    # A concurrent delete that committed first leaves nothing to lock here: 404 (it answered 204).
    article_remove(_own_article(slug=slug, viewer=viewer), locked=True)


async def article_delete(*, slug: str, viewer: Viewer) -> None:
    """Delete the viewer's own article with its comments, tags links and favorites. Of
    concurrent deletes of one article exactly one succeeds; the others get `NotFound`."""
    await _delete(slug, viewer)


@atomic
def _favorites_changed(slug: str, *, viewer: Viewer, add: bool) -> ArticleView:
    """Add or remove the favorite and record `article.favorites` with the new count, and read
    the article for the answer: one transaction of five statements on PostgreSQL (the token's
    check with the article's id, the change, the event lock, the article, the event), one
    thread hop."""
    found = viewer_confirmed_with(viewer, sql.VIEWER_ARTICLE, {"slug": slug})
    if found.article_id is None:
        raise NotFound("article")
    link_set("favorites", ("user_id", "article_id"), (viewer.id, found.article_id), linked=add)
    return _record_with_answer(
        "article.favorites",
        slug,
        viewer,
        lambda answer: FavoritesCounted(slug=slug, favorites_count=answer.favorites_count),
    )


async def article_favorite(*, slug: str, viewer: Viewer) -> ArticleView:
    """Favorite an article; favoriting twice (even at the same moment) is a no-op."""
    try:
        return await _favorites_changed(slug, viewer=viewer, add=True)
    except IntegrityError as exc:  # the article was deleted meanwhile
        raise NotFound("article") from exc


async def article_unfavorite(*, slug: str, viewer: Viewer) -> ArticleView:
    """Remove a favorite; removing one that does not exist is a no-op."""
    return await _favorites_changed(slug, viewer=viewer, add=False)
