"""Events between processes: two uvicorn workers sharing Redis (the channel layer) and the
database, as a deployment with several workers or hosts runs them.

An event committed by one process reaches the streams held by the other (SSE and WebSocket),
in both directions, each exactly once.
"""

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from tests import live
from tests.events.streams import (
    Author,
    Clients,
    SocketStream,
    SseStream,
    server_env,
    serving_together,
    until,
)

pytestmark = [pytest.mark.live, pytest.mark.redis]


@pytest.fixture
async def two_processes(
    events_db: dict[str, str], tmp_path: Path
) -> AsyncIterator[tuple[live.Server, live.Server]]:
    env = server_env(events_db)  # one channel-layer prefix for both: they talk to each other
    with serving_together(env, [tmp_path / "a.log", tmp_path / "b.log"]) as (a, b):
        yield a, b


def has(stream: SseStream | SocketStream, slug: str) -> Callable[[], bool]:
    return lambda: any(event.data["article"]["slug"] == slug for event in stream.events)


async def test_an_event_reaches_the_other_process_streams_both_ways_exactly_once(
    two_processes: tuple[live.Server, live.Server], clients: Clients
) -> None:
    a, b = two_processes
    assert a.url != b.url
    author = await Author.register(a)
    streams: dict[str, SseStream | SocketStream] = {
        "SSE on A": await clients.sse(a, "articles"),
        "WebSocket on A": await clients.socket(a, ["articles"]),
        "SSE on B": await clients.sse(b, "articles"),
        "WebSocket on B": await clients.socket(b, ["articles"]),
    }
    for name, stream in streams.items():
        assert stream.opened.is_set(), f"{name}: {stream.end}"

    # Each step waits for every stream before the next write, so an event can only have come
    # over the channel layer (a hub reads the outbox only to fill a gap before a later event,
    # and there is none yet).
    written = []
    for via, title in ((a, "Written on A"), (b, "Written on B"), (a, "Sentinel")):
        slug = await author.write(title, via=via)
        written.append(slug)
        for name, stream in streams.items():
            await until(has(stream, slug), f"{name} receives the article.created of {slug}")

    # Exactly once, in order, and the same ids everywhere: the sentinel came after the two
    # others on every stream, and ids only grow, so no duplicate can still be coming.
    reference = streams["SSE on A"].ids
    assert len(reference) == 3
    assert reference == sorted(reference)
    for name, stream in streams.items():
        assert stream.ids == reference, name
        assert [e.name for e in stream.events] == ["article.created"] * 3, name
        assert [e.data["article"]["slug"] for e in stream.events] == written, name
        authors = {e.data["article"]["author"]["username"] for e in stream.events}
        assert authors == {author.username}, name
        assert not stream.ended.is_set(), f"{name} ended: {stream.end}"
