"""The outbox: events are written with their change, published only after it commits, in an
order that commits can be read back in; pruning keeps the retention window."""

import asyncio
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from core.domain.db import atomic
from core.domain.events.outbox import record
from core.domain.events.payloads import ArticleGone
from core.domain.events.subscription import Subscription
from core.domain.events.topics import Topics
from core.domain.models import Event

pytestmark = pytest.mark.django_db(transaction=True)


class Refused(Exception):
    pass


@atomic
def _record_then_fail(slug: str) -> None:
    record("article.deleted", lambda: ArticleGone(slug), slug=slug)
    raise Refused


@atomic
def _record(slug: str) -> int:
    record("article.deleted", lambda: ArticleGone(slug), slug=slug)
    return Event.objects.latest("pk").pk


async def test_a_rolled_back_change_leaves_no_event_and_publishes_nothing():
    watching = Subscription(Topics(articles=True), viewer=None)
    await watching.open(None)
    try:
        with pytest.raises(Refused):
            await _record_then_fail("rolled-back")
        committed = await _record("committed")
        frame = await watching.next(5)
        # The first event to arrive is the committed one: the rolled-back one never left.
        assert frame is not None
        assert (frame.id, frame.name, frame.data) == (
            committed,
            "article.deleted",
            '{"slug":"committed"}',
        )
        assert await Event.objects.filter(slug="rolled-back").aexists() is False
    finally:
        await watching.close()


NEW = {"article": {"title": "Outbox", "description": "d", "body": "b", "tagList": []}}


async def test_every_write_records_its_event_in_the_same_transaction(api, member, other):
    slug = (await api.post("/api/articles", json=NEW, token=member.token)).body["article"]["slug"]
    await api.post(f"/api/articles/{slug}/favorite", token=other.token)
    await api.post(f"/api/profiles/{member.user.username}/follow", token=other.token)
    names = [
        (e.name, e.slug, e.author_id, e.recipient_id) async for e in Event.objects.order_by("pk")
    ]
    assert names == [
        ("article.created", slug, member.user.pk, None),
        ("article.favorites", slug, None, None),
        ("profile.followed", None, member.user.pk, other.user.pk),
    ]


async def test_a_failed_write_records_nothing(api, member):
    slug = (await api.post("/api/articles", json=NEW, token=member.token)).body["article"]["slug"]
    before = await Event.objects.acount()
    r = await api.post(
        f"/api/articles/{slug}x/comments", json={"comment": {"body": "?"}}, token=member.token
    )
    assert r.status == 404
    r = await api.put(f"/api/articles/{slug}", json={"article": {"title": ""}}, token=member.token)
    assert r.status == 422
    assert await Event.objects.acount() == before


@pytest.mark.postgres
def test_event_ids_commit_in_increasing_order():
    """A writer that allocated id N commits before any writer can allocate N+1, so a reader
    that sees an event sees every event below it: "after N" never misses a late commit."""
    commits: dict[str, tuple[int, float]] = {}
    a_recorded = threading.Event()

    def write(name: str, hold: float, wait_for: threading.Event | None) -> None:
        if wait_for is not None:
            wait_for.wait(5)
        with transaction.atomic():
            record("article.deleted", lambda: ArticleGone(name), slug=name)
            event_id = Event.objects.get(slug=name).pk
            if wait_for is None:
                a_recorded.set()
            time.sleep(hold)
        commits[name] = (event_id, time.monotonic())
        connection.close()

    first = threading.Thread(target=write, args=("first", 0.5, None))
    second = threading.Thread(target=write, args=("second", 0, a_recorded))
    first.start()
    second.start()
    first.join()
    second.join()
    # The second writer started while the first held its transaction open: it waited, then
    # got the higher id and committed after.
    assert commits["first"][0] < commits["second"][0]
    assert commits["first"][1] < commits["second"][1]


def test_prune_keeps_the_retention_window_and_the_newest_event():
    old = timezone.now() - timedelta(days=2)
    for slug in ("a", "b", "c"):
        Event.objects.create(name="article.deleted", data="{}", slug=slug, created_at=old)
    Event.objects.create(name="article.deleted", data="{}", slug="recent")
    call_command("prune_events", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Event.objects.values_list("slug", flat=True)) == ["recent"]
    # With nothing recent, the newest event stays: it marks where ids are.
    Event.objects.filter(slug="recent").update(created_at=old)
    call_command("prune_events", "--seconds", "0", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Event.objects.values_list("slug", flat=True)) == ["recent"]


async def test_a_slow_subscriber_is_ended_not_left_to_grow(settings):
    settings.EVENTS_SUBSCRIBER_BUFFER = 3
    watching = Subscription(Topics(articles=True), viewer=None)
    await watching.open(None)
    try:
        for n in range(5):
            await _record(f"flood-{n}")
        await asyncio.sleep(0.2)
        assert watching.subscriber.closed_because == "the client fell behind"
    finally:
        await watching.close()
