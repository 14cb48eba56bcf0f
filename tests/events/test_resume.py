"""Resuming a stream: every missed event once, in order, then the live ones; a `reset` beyond
the retention window; and no loss while many writers commit at once."""

import asyncio
import random
import sys

import httpx
import pytest

from tests import live
from tests.events.streams import Rest, stream

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def created_by(*users: Rest):
    names = {user.username for user in users}
    return lambda event: (
        event.name == "article.created" and event.data["article"]["author"]["username"] in names
    )


async def test_a_reconnect_gets_what_it_missed_then_the_live_events(events_server, writer):
    async with stream(events_server.url, "articles") as events:
        first = await writer.article()
        last_seen = await events.next_matching(created_by(writer))
    assert last_seen.data["article"]["slug"] == first

    missed = [await writer.article() for _ in range(3)]
    # The Last-Event-ID header, as EventSource sends it; then the query parameter.
    for resume in ({"last_id": last_seen.id}, {"params": {"lastEventId": str(last_seen.id)}}):
        async with stream(events_server.url, "articles", **resume) as events:
            replayed = [await events.next() for _ in missed]
            assert [event.data["article"]["slug"] for event in replayed] == missed
            assert replayed[0].id > last_seen.id
            live_slug = await writer.article()
            live_event = await events.next()
            assert live_event.data["article"]["slug"] == live_slug
            assert live_event.id > replayed[-1].id
            await events.quiet(lambda event: True, seconds=0.3)  # nothing twice
        missed.append(live_slug)  # missed by the next resume from the same id


async def test_a_resume_beyond_the_retention_window_gets_a_reset(events_server, live_env, writer):
    async with stream(events_server.url, "articles") as events:
        await writer.article()
        old = await events.next_matching(created_by(writer))
    for _ in range(2):
        await writer.article()
    prune = await asyncio.create_subprocess_exec(
        sys.executable, "manage.py", "prune_events", "--seconds", "0", cwd=live.ROOT, env=live_env
    )
    assert await prune.wait() == 0
    async with stream(events_server.url, "articles", last_id=old.id) as events:
        reset = await events.next()
        assert reset.name == "reset"
        assert reset.data == {"reason": "events since then are not kept"}
        assert reset.id > old.id  # the newest id: continue from there
        slug = await writer.article()
        after_reset = await events.next()
        assert after_reset.data["article"]["slug"] == slug


@pytest.mark.parametrize(("writer_count", "per_writer"), [(6, 15), (32, 4)])
async def test_no_event_is_lost_or_repeated_across_reconnects_under_concurrent_writers(
    events_server, writer_count, per_writer
):
    writers = [await Rest.register(events_server.url) for _ in range(writer_count)]
    expected = set()

    async def write(user: Rest) -> None:
        for _ in range(per_writer):
            expected.add(await user.article())

    received: list[tuple[int, str]] = []
    done = asyncio.Event()
    rng = random.Random(4)

    async def read() -> None:
        last_id: int | None = None
        async with stream(events_server.url, "articles") as events:  # start before the writes
            ready.set()
            event = await events.next_matching(created_by(*writers))
            received.append((event.id, event.data["article"]["slug"]))
            last_id = event.id
        while not (done.is_set() and len(received) >= len(writers) * per_writer):
            # Reconnect after a few events, often mid-burst, resuming from the last id.
            async with stream(events_server.url, "articles", last_id=last_id) as events:
                for _ in range(rng.randint(1, 6)):
                    try:
                        event = await events.next(wait=3)
                    except TimeoutError:
                        break
                    if created_by(*writers)(event):
                        received.append((event.id, event.data["article"]["slug"]))
                    last_id = event.id

    ready = asyncio.Event()
    reader = asyncio.create_task(read())
    await ready.wait()
    await asyncio.gather(*(write(user) for user in writers))
    done.set()
    await asyncio.wait_for(reader, 120)
    for user in writers:
        await user.close()

    ids = [event_id for event_id, _ in received]
    slugs = [slug for _, slug in received]
    assert ids == sorted(set(ids))  # in order, none twice
    assert len(slugs) == len(set(slugs))
    assert set(slugs) == expected  # none missing


async def test_the_stream_tells_clients_how_to_resume(events_server):
    async with httpx.AsyncClient(base_url=events_server.url) as client:
        document = (await client.get("/api/openapi.json")).json()
    operation = document["paths"]["/api/events"]["get"]
    assert operation["operationId"] == "StreamEvents"
    assert {p["name"] for p in operation["parameters"]} == {
        "topics",
        "lastEventId",
        "Last-Event-ID",
        "ticket",
    }
    assert operation["responses"]["200"]["content"]["text/event-stream"]["schema"] == {
        "$ref": "#/components/schemas/ServerSentEvent"
    }
