"""What readers may see: nothing written by a suspended account (core.domain.services.moderation).

Each read excludes suspended authors in its own query, so hiding costs no query of its own: a
`NOT IN` over the few suspended users, found through a partial index that holds only them.
"""

from typing import Any

from django.db.models import QuerySet

from core.domain.models import Article, User


def suspended_users() -> QuerySet[Any]:
    """The ids of the suspended users, as a subquery."""
    return User.objects.filter(suspended_at__isnull=False).values("pk")


def visible_articles() -> QuerySet[Article]:
    """Every article whose author is not suspended."""
    return Article.objects.exclude(author_id__in=suspended_users())
