"""Tag bookkeeping for the article services: each tag's use count, and the per-user budget of
new tags.

`Tag.uses` is the number of visible articles (their author not suspended) that carry the tag.
The article services change it in the transaction that changes the links, and a suspension or its
lifting in the transaction that changes the author (`tag_uses_shift`); writes that bypass them
(the seed command, cascades when a user is deleted) call `tag_uses_recount` afterwards.
"""

from collections.abc import Collection

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, F, Value, When

from core.domain import ratelimit
from core.domain.models import ArticleTag, Tag


def tag_uses_add(names: Collection[str]) -> dict[str, int]:
    """Count one more use of each tag in `names`, creating those that do not exist yet, in one
    statement (inside a transaction); each name's tag id.

    Rows are locked in name order, as everywhere the use counts change: two articles saving the
    same tags in different orders then queue behind each other instead of deadlocking.
    """
    ordered = sorted(set(names))
    rows = ", ".join(["(%s, 1)"] * len(ordered))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO tags (name, uses) VALUES {rows}"  # noqa: S608 - placeholders only
            " ON CONFLICT (name) DO UPDATE SET uses = tags.uses + 1 RETURNING name, id",
            ordered,
        )
        return dict(cursor.fetchall())


def tag_links_add(article_id: int, tag_ids: list[int]) -> None:
    """Link the article to `tag_ids`, in that order (its tag list's): one statement (inside a
    transaction). Plain SQL: `bulk_create` cost more CPU than the insert."""
    if not tag_ids:
        return
    rows = ", ".join(["(%s, %s, %s)"] * len(tag_ids))
    params = [value for at, tag_id in enumerate(tag_ids) for value in (article_id, tag_id, at)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO article_tags (article_id, tag_id, position) VALUES {rows}",  # noqa: S608 - placeholders only
            params,
        )


def _in_use(names: Collection[str]) -> set[str]:
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name FROM tags WHERE uses > 0 AND name IN ({placeholders})",  # noqa: S608 - placeholders only
            list(names),
        )
        return {name for (name,) in cursor.fetchall()}


def tag_uses_count(*, added: Collection[int], removed: Collection[int]) -> None:
    """Add one use to the `added` tags and take one from the `removed` (inside a transaction).

    The rows are locked in name order first (as `tag_uses_add` does): two articles saving the
    same tags in different orders then queue behind each other instead of deadlocking.
    """
    changed = sorted({*added, *removed})
    if not changed:
        return
    locked = Tag.objects.select_for_update().filter(pk__in=changed).order_by("name")
    list(locked.values_list("pk", flat=True))
    step = Case(When(pk__in=list(added), then=Value(1)), default=Value(-1))
    Tag.objects.filter(pk__in=changed).update(uses=F("uses") + step)


def tag_uses_shift(*, author_id: int, by: int) -> None:
    """Add `by` (-1: suspended, +1: lifted) times each tag's number of articles by `author_id`
    to its use count (inside the transaction that changes the author); rows locked in name
    order (`tag_uses_add`)."""
    links = ArticleTag.objects.filter(article__author_id=author_id)
    per_tag = dict(links.values_list("tag_id").annotate(n=Count("pk")).order_by("tag_id"))
    if not per_tag:
        return
    locked = Tag.objects.select_for_update().filter(pk__in=list(per_tag)).order_by("name")
    list(locked.values_list("pk", flat=True))
    step = Case(*(When(pk=pk, then=Value(by * n)) for pk, n in per_tag.items()), default=Value(0))
    Tag.objects.filter(pk__in=list(per_tag)).update(uses=F("uses") + step)


def tag_uses_recount() -> None:
    """Set every tag's use count from the links of visible articles (after writes that bypass
    the services)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tags SET uses = (SELECT COUNT(*) FROM article_tags"
            " JOIN articles ON articles.id = article_tags.article_id"
            " JOIN users ON users.id = articles.author_id"
            " WHERE article_tags.tag_id = tags.id AND users.suspended_at IS NULL)"
        )


async def tag_creation_reserve(*, user_id: int, names: Collection[str]) -> ratelimit.Slot:
    """Reserve the user's budget for the tags among `names` that no article has used yet
    (`RATE_LIMIT_TAG_CREATE`); `RateLimited` if it would run out. Tags in use are free.

    Give the slot back if the write fails. (A tag two writers introduce at once counts for
    both: the error is on the safe side.)
    """
    names = set(names)
    if not names or settings.RATE_LIMIT_TAG_CREATE is None:
        return ratelimit.Slot()
    new = len(names - await sync_to_async(_in_use)(names))
    if not new:
        return ratelimit.Slot()
    budget = ("tag-create", str(user_id), settings.RATE_LIMIT_TAG_CREATE)
    return await ratelimit.reserve([budget], amount=new)
