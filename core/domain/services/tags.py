"""Tag bookkeeping for the article services: each tag's use count, and the per-user budget of
new tags.

`Tag.uses` is the number of visible articles (their author not suspended) that carry the tag.
The article services change it in the transaction that changes the links, and a suspension or its
lifting in the transaction that changes the author (`tag_uses_shift`); writes that bypass them
(the seed command, cascades when a user is deleted) call `tag_uses_recount` afterwards. Each
change tells the tag list once it commits (`selectors.tags.tag_list_changed`: its cache).
"""

from collections.abc import Awaitable, Callable, Collection

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, Count, F, Value, When

from core.domain import ratelimit
from core.domain.models import ArticleTag, Tag
from core.domain.selectors.tags import tag_list_changed


def _uses_changed() -> None:
    transaction.on_commit(tag_list_changed)


def tag_uses_add(names: Collection[str]) -> tuple[dict[str, int], int]:
    """Count one more use of each tag in `names`, creating those that do not exist yet, in one
    statement (inside a transaction): each name's tag id, and how many of them were not in use
    before (new to the tag list: what the author's budget pays for, `TagBudget`).

    Rows are locked in name order, as everywhere the use counts change: two articles saving the
    same tags in different orders then queue behind each other instead of deadlocking.
    """
    ordered = sorted(set(names))
    rows = ", ".join(["(%s, 1)"] * len(ordered))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO tags (name, uses) VALUES {rows}"  # noqa: S608 - placeholders only
            " ON CONFLICT (name) DO UPDATE SET uses = tags.uses + 1 RETURNING name, id, uses",
            ordered,
        )
        returned = cursor.fetchall()
    _uses_changed()
    return {name: pk for name, pk, _ in returned}, sum(uses == 1 for *_, uses in returned)


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


def tag_uses_count(*, added: Collection[int], removed: Collection[int]) -> int:
    """Add one use to the `added` tags and take one from the `removed` (inside a transaction);
    how many of the `added` were not in use before (`TagBudget`).

    The rows are locked in name order first (as `tag_uses_add` does): two articles saving the
    same tags in different orders then queue behind each other instead of deadlocking.
    """
    changed = sorted({*added, *removed})
    if not changed:
        return 0
    locked = Tag.objects.select_for_update().filter(pk__in=changed).order_by("name")
    uses = dict(locked.values_list("pk", "uses"))
    step = Case(When(pk__in=list(added), then=Value(1)), default=Value(-1))
    Tag.objects.filter(pk__in=changed).update(uses=F("uses") + step)
    _uses_changed()
    return sum(uses[pk] == 0 for pk in added)


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
    _uses_changed()


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
    _uses_changed()


class TagBudgetShort(Exception):
    """The write introduces `amount` more new tags than its budget holds: its transaction rolls
    back, and `with_tag_budget` reserves that much and runs it again."""

    def __init__(self, amount: int) -> None:
        super().__init__(amount)
        self.amount = amount


class TagBudget:
    """What one write has reserved of its author's budget of new tags (`RATE_LIMIT_TAG_CREATE`:
    tags no visible article uses yet; tags in use are free)."""

    def __init__(self, user_id: int) -> None:
        self._rate = settings.RATE_LIMIT_TAG_CREATE
        self._budget = ("tag-create", str(user_id), self._rate)
        self._slots: list[ratelimit.Slot] = []
        self.reserved = 0

    def cover(self, introduced: int) -> None:
        """Inside the write's transaction, once it knows how many tags it `introduced`:
        `TagBudgetShort` if more than reserved (never without a limit)."""
        if self._rate is not None and introduced > self.reserved:
            raise TagBudgetShort(introduced - self.reserved)

    async def reserve(self, amount: int) -> None:
        self._slots.append(await ratelimit.reserve([self._budget], amount=amount))
        self.reserved += amount

    async def give_back(self) -> None:
        slots, self._slots, self.reserved = self._slots, [], 0
        for slot in slots:
            await slot.give_back()


async def with_tag_budget[R](user_id: int, write: Callable[[TagBudget], Awaitable[R]]) -> R:
    """Run the transaction `write(budget)`, which calls `budget.cover` with the tags it
    introduces. A write that introduces none (most: tags in use are free) runs once and takes
    no budget; one that does is rolled back, reserves them (`RateLimited` if the author lacks
    them) and runs again, with nothing else to wait for than the rate limit's counter.

    The count is exact: it comes from the rows the write locked. The reservation is given back if
    the write fails. (A tag two writers introduce at once counts for both: the error is on the
    safe side.) Each rerun reserves at least one more tag, and no article has more than
    TAGS_PER_ARTICLE_MAX: the loop ends.
    """
    budget = TagBudget(user_id)
    try:
        while True:
            try:
                return await write(budget)
            except TagBudgetShort as short:
                await budget.reserve(short.amount)
    except BaseException:
        await budget.give_back()
        raise
