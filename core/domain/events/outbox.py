"""The outbox: events written in the transaction of the change they describe.

Ids commit in increasing order. On PostgreSQL a writer takes a transaction-scoped advisory lock
just before inserting its event (the last statement of its transaction, its foreign keys
checked just before), so the next writer can only allocate a higher id after this one has
committed or rolled back. SQLite has a single
writer at a time anyway. Hence, whoever sees event N sees every event below N that will ever
exist: "after N" is a plain range read, and a stream that has delivered up to N never misses a
late commit below it. The price is that event-writing transactions commit one at a time from
that lock on; it is held only for the outbox insert and the commit.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from core.domain.db import awaiting_loop
from core.domain.events.payloads import Payload
from core.domain.models import Event

logger = logging.getLogger("conduit.events")

# pg_advisory_xact_lock key: any constant no other code uses ("cndt" in ASCII).
_OUTBOX_LOCK = 0x636E6474
_LOCK_SQL = f"SET CONSTRAINTS ALL IMMEDIATE; SELECT pg_advisory_xact_lock({_OUTBOX_LOCK})"
_INSERT_SQL = (
    "INSERT INTO events (name, data, slug, previous_slug, author_id, recipient_id, created_at)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id"
)


@dataclass(frozen=True, slots=True)
class Envelope:
    """An event as it travels: its payload (JSON text, sent as is) and its routing fields."""

    id: int
    name: str
    data: str
    slug: str | None = None
    previous_slug: str | None = None
    author_id: int | None = None
    recipient_id: int | None = None

    @classmethod
    def of(cls, event: Event) -> "Envelope":
        return cls(
            id=event.pk,
            name=event.name,
            data=event.data,
            slug=event.slug,
            previous_slug=event.previous_slug,
            author_id=event.author_id,
            recipient_id=event.recipient_id,
        )

    def message(self) -> dict[str, Any]:
        """The channel-layer message carrying this event."""
        return {
            "type": "conduit.event",
            "id": self.id,
            "name": self.name,
            "data": self.data,
            "slug": self.slug,
            "previous_slug": self.previous_slug,
            "author_id": self.author_id,
            "recipient_id": self.recipient_id,
        }

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> "Envelope":
        return cls(
            id=message["id"],
            name=message["name"],
            data=message["data"],
            slug=message["slug"],
            previous_slug=message["previous_slug"],
            author_id=message["author_id"],
            recipient_id=message["recipient_id"],
        )


# The payload's JSON text. The wire format lives above the domain (schemas.events), so the
# configuration registers it at startup (core.config.apps); recording before that fails loudly.
Renderer = Callable[[Payload], str]
_render: Renderer | None = None
_NO_RENDERER = "no event renderer: the configuration app sets it (set_renderer)"


def set_renderer(render: Renderer) -> None:
    global _render  # set once, at startup
    _render = render


def render(payload: Payload) -> str:
    """The JSON text of `payload` (recorded events render theirs in `record`)."""
    if _render is None:
        raise RuntimeError(_NO_RENDERER)
    return _render(payload)


def record(
    name: str,
    data: Callable[[], Payload],
    *,
    slug: str | None = None,
    previous_slug: str | None = None,
    author_id: int | None = None,
    recipient_id: int | None = None,
) -> None:
    """Write an event into the current transaction; it is published once that commits.

    Call it last in the transaction: from here to the commit, other event writers wait. `data`
    takes the payload's snapshot (core.domain.events.payloads) once this transaction is the only
    event writer, so a payload that counts (favorites) counts every change committed before it.
    Two round trips on PostgreSQL (the lock, the insert), one on SQLite.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("events are recorded inside the transaction of their change")
    if _render is None:
        raise RuntimeError(_NO_RENDERER)
    previous_slug = previous_slug if previous_slug != slug else None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's foreign keys are checked at COMMIT (deferred), and a check waits for the
            # row it refers to: holding the lock there waits on a row whose writer may wait on
            # the lock (a deadlock). Checking them now leaves nothing to wait for after it.
            # Both in one round trip: without parameters, psycopg sends them as one query.
            cursor.execute(_LOCK_SQL)
        text = _render(data())
        # Raw SQL: the model's save() machinery costs more CPU than the insert itself.
        cursor.execute(
            _INSERT_SQL, [name, text, slug, previous_slug, author_id, recipient_id, timezone.now()]
        )
        (event_id,) = cursor.fetchone()
    loop = awaiting_loop.get()
    if loop is not None:  # None: a script or migration; streams still get it from the outbox
        envelope = Envelope(event_id, name, text, slug, previous_slug, author_id, recipient_id)
        transaction.on_commit(partial(_hand_over, loop, envelope))


def _hand_over(loop: Any, envelope: Envelope) -> None:
    from core.domain.events.hub import publish  # the hub needs the channel layer: imported late

    try:
        loop.call_soon_threadsafe(publish, envelope)
    except RuntimeError:  # the loop is closed: nothing there to publish to
        logger.warning("event %s not published: its event loop is closed", envelope.id)


# Events per outbox read: a resuming stream's backlog and the hub's gap fill read this many at
# a time.
BATCH = 500


def after(last_id: int, *, where: Q | None = None, limit: int = BATCH) -> list[Envelope]:
    """The first `limit` events after `last_id`, in id order: every event, or those `where`
    selects (a stream's topics: core.domain.events.routing.matching)."""
    events = Event.objects.filter(pk__gt=last_id)
    if where is not None:
        events = events.filter(where)
    return [Envelope.of(event) for event in events.order_by("pk")[:limit]]


def id_range() -> tuple[int | None, int | None]:
    """The oldest and newest event ids retained (None, None when there are none)."""
    bounds = Event.objects.aggregate(oldest=Min("pk"), newest=Max("pk"))
    return bounds["oldest"], bounds["newest"]


def newest_id() -> int:
    return Event.objects.aggregate(newest=Max("pk"))["newest"] or 0


def prune(retention: timedelta) -> int:
    """Delete events older than `retention`, except the newest one (it marks where ids are)."""
    newest = newest_id()
    cutoff = timezone.now() - retention
    deleted, _ = Event.objects.filter(created_at__lt=cutoff, pk__lt=newest).delete()
    return deleted
