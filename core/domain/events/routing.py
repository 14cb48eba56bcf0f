"""Which event reaches which stream: the one routing rule, and the forms it is used in.

An event is public (no recipient) or private to one user (`recipient_id`). A stream receives:

- with `articles`: every public event;
- with `article:<slug>`: the public events about that article, under its slug or the slug it
  had before (a renaming update carries both);
- with `feed`: the public `article.created` events of the authors its user follows;
- with `user`: the events addressed to its user (a follow, an unfollow).

The rule is written twice, because it runs in two places: `accepts` in Python for live events
(the hub's deliveries), `matching` in SQL for the outbox's backlog read (what a resuming stream
missed). Each is the other's copy, so tests/events/test_routing.py checks, for every kind of
topic and every kind of event, on PostgreSQL and SQLite, that the SQL selects exactly the
events `accepts` accepts. Change one, change the other: that test fails until they agree.

The hub's keys (`event_keys`, `stream_keys`, `author_key`) index the same rule so that an event
is offered to the few streams that may want it (a dict lookup per key, not a scan). They route
a superset (a `feed` stream also hears its user's follows, to track whom it follows), and
`accepts` decides; the same test checks that no accepted event misses its stream's keys.
"""

from collections.abc import Iterator, Set
from typing import Protocol

from django.db.models import Q

from core.domain.events.topics import Topics
from core.domain.models import Follow

# The one event a feed carries, and the events that change whom a feed follows.
FEED_EVENT = "article.created"
FOLLOWED = "profile.followed"
UNFOLLOWED = "profile.unfollowed"
PUBLIC_KEY = "articles"


class Routed(Protocol):
    """An event's routing fields (an outbox row, or an `Envelope` as it travels)."""

    @property
    def name(self) -> str: ...
    @property
    def slug(self) -> str | None: ...
    @property
    def previous_slug(self) -> str | None: ...
    @property
    def author_id(self) -> int | None: ...
    @property
    def recipient_id(self) -> int | None: ...


def accepts(topics: Topics, *, user_id: int | None, following: Set[int], event: Routed) -> bool:
    """Whether a stream on `topics`, of `user_id` following `following`, receives `event`."""
    if event.recipient_id is not None:
        return topics.user and event.recipient_id == user_id
    if topics.articles:
        return True
    if event.slug in topics.slugs or event.previous_slug in topics.slugs:
        return True
    return topics.feed and event.name == FEED_EVENT and event.author_id in following


def matching(topics: Topics, *, user_id: int | None) -> Q:
    """`accepts` as a filter on the outbox (`Event`), the feed's follows read by a subquery."""
    public = Q(recipient_id__isnull=True)
    found = Q(pk__in=[])  # matches nothing: the identity of |
    if topics.articles:
        found |= public
    if topics.slugs:
        slugs = sorted(topics.slugs)
        found |= public & (Q(slug__in=slugs) | Q(previous_slug__in=slugs))
    if topics.feed and user_id is not None:
        followed = Follow.objects.filter(follower_id=user_id).values("followee_id")
        found |= public & Q(name=FEED_EVENT, author_id__in=followed)
    if topics.user and user_id is not None:
        found |= Q(recipient_id=user_id)
    return found


def event_keys(event: Routed) -> Iterator[str]:
    """The hub keys an event is offered under."""
    if event.recipient_id is not None:
        yield user_key(event.recipient_id)
        return
    yield PUBLIC_KEY
    if event.slug is not None:
        yield slug_key(event.slug)
    if event.previous_slug is not None:
        yield slug_key(event.previous_slug)
    if event.name == FEED_EVENT and event.author_id is not None:
        yield author_key(event.author_id)


def stream_keys(topics: Topics, *, user_id: int | None) -> set[str]:
    """The hub keys a stream listens under, besides `author_key` of each author its feed
    follows (added as it learns them)."""
    keys = {slug_key(slug) for slug in topics.slugs}
    if topics.articles:
        keys.add(PUBLIC_KEY)
    if user_id is not None and (topics.user or topics.feed):
        keys.add(user_key(user_id))  # a feed tracks its user's follows
    return keys


def user_key(user_id: int) -> str:
    return f"user:{user_id}"


def slug_key(slug: str) -> str:
    return f"slug:{slug}"


def author_key(author_id: int) -> str:
    return f"author:{author_id}"


def changes_follows(event: Routed) -> bool:
    """Whether the event changes whom its recipient's feed follows (its `author_id`)."""
    return event.name in (FOLLOWED, UNFOLLOWED)
