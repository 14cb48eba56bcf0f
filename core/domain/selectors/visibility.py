"""What readers may see: nothing written by a suspended account (core.domain.services.moderation).

Each read excludes suspended authors inside its own query, so hiding costs no query of its own:
a `NOT EXISTS` on the author's row (by primary key, in a partial index that holds only the few
suspended users), which PostgreSQL plans as an anti-join. Measured against `NOT IN (SELECT …)`
and a join on users, it was the cheapest for the lists, the tag filter and the tag list.
"""

from django.db.models import Exists, OuterRef, QuerySet

from core.domain.models import Article, User


def suspended(author_ref: str) -> Exists:
    """True where the user that `author_ref` (a column of the outer query) points at is
    suspended."""
    return Exists(User.objects.filter(pk=OuterRef(author_ref), suspended_at__isnull=False))


def visible_articles() -> QuerySet[Article]:
    """Every article whose author is not suspended."""
    return Article.objects.filter(~suspended("author_id"))
