"""What readers may see: nothing written by a suspended account (core.domain.services.moderation).

Each read excludes suspended authors inside its own query, so hiding costs no query of its own.
The rule is written once, in SQL (core.domain.sql.VISIBLE): the hand-written reads include it,
and ORM reads take it as a filter.
"""

from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from core.domain import sql
from core.domain.models import Article


def visible_articles() -> QuerySet[Article]:
    """Every article whose author is not suspended (a top-level query: the rule names the
    `articles` table)."""
    visible = RawSQL(sql.VISIBLE, (), output_field=BooleanField())  # noqa: S611 - constant SQL
    return Article.objects.filter(visible)
