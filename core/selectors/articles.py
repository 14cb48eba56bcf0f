"""Reads of articles, always as a given viewer sees them (counts and flags included).

Every read is a fixed number of queries whatever the page size: the articles with their author,
favorites count and flags in one query, their tags in one more, and the total in a third for
lists.
"""

from dataclasses import dataclass

from django.db.models import (
    FETCH_RAISE,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from core.errors import NotFound
from core.models import Article, ArticleTag, Favorite, User
from core.selectors.profiles import following_flag


@dataclass(frozen=True, slots=True)
class Page:
    articles: list[Article]
    count: int


def articles_for(viewer: User | None, base: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """`base` (all articles by default) with what every response needs, newest first."""
    base = Article.objects.all() if base is None else base
    favorites = Favorite.objects.filter(article_id=OuterRef("pk")).order_by()
    favorited = Exists(favorites.filter(user_id=viewer.pk)) if viewer is not None else Value(False)
    # The model declares the annotated attributes for type checkers; django-stubs sees them
    # redefined here.
    return (
        base.select_related("author")  # type: ignore[no-redef]
        .annotate(
            favorites_count=Coalesce(
                Subquery(favorites.values("article_id").annotate(n=Count("*")).values("n")), 0
            ),
            favorited=favorited,
            author_following=following_flag(viewer, "author_id"),
        )
        .prefetch_related(
            Prefetch(
                "article_tags",
                queryset=ArticleTag.objects.select_related("tag").order_by("position"),
                to_attr="tag_links",
            )
        )
        .order_by("-created_at", "-id")
        .fetch_mode(FETCH_RAISE)
    )


async def _page(base: QuerySet[Article], viewer: User | None, limit: int, offset: int) -> Page:
    count = await base.acount()
    if offset >= count:
        return Page(articles=[], count=count)
    rows = articles_for(viewer, base).defer("body")[offset : offset + limit]
    return Page(articles=[article async for article in rows], count=count)


async def article_list(
    *,
    viewer: User | None,
    tag: str | None = None,
    author: str | None = None,
    favorited: str | None = None,
    limit: int,
    offset: int,
) -> Page:
    """Articles matching every given filter, newest first, and how many match in all."""
    base = Article.objects.all()
    if tag is not None:
        base = base.filter(article_tags__tag__name=tag)
    if author is not None:
        base = base.filter(author__username=author)
    if favorited is not None:
        base = base.filter(favorites__user__username=favorited)
    return await _page(base, viewer, limit, offset)


async def article_feed(*, viewer: User, limit: int, offset: int) -> Page:
    """Articles by the authors the viewer follows, newest first."""
    base = Article.objects.filter(author__follower_set__follower_id=viewer.pk)
    return await _page(base, viewer, limit, offset)


async def article_get(*, slug: str, viewer: User | None) -> Article:
    """One article with its body."""
    article = await articles_for(viewer, Article.objects.filter(slug=slug)).afirst()
    if article is None:
        raise NotFound("article")
    return article


async def article_id(*, slug: str) -> int:
    """The id of the article `slug`; `NotFound` if there is none."""
    found = await Article.objects.filter(slug=slug).values_list("pk", flat=True).afirst()
    if found is None:
        raise NotFound("article")
    return found
