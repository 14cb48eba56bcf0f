"""The ASGI handler keeps request threads for reuse, never sharing one between live requests."""

import asyncio
import threading

import pytest
from django.core.signals import request_finished, request_started
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite

from core.edge.handlers import ThreadReusingASGIHandler, get_asgi_application
from tests import asgi

pytestmark = pytest.mark.django_db(transaction=True)


async def get(handler, path):
    """One GET through the handler, as uvicorn would send it; the response status."""
    return (await asgi.request(handler, path)).status


@pytest.fixture
def request_threads():
    """The thread each request's synchronous work started on, in order."""
    seen = []

    def record(**kwargs):
        seen.append(threading.current_thread())

    request_started.connect(record)
    yield seen
    request_started.disconnect(record)


async def test_one_request_after_another_reuses_the_same_thread(request_threads):
    handler = ThreadReusingASGIHandler()
    assert [await get(handler, "/api/tags") for _ in range(3)] == [200, 200, 200]
    assert len(set(request_threads)) == 1
    assert request_threads[0] is not threading.current_thread()  # not the event loop's thread


async def test_requests_in_flight_together_never_share_a_thread(request_threads):
    handler = ThreadReusingASGIHandler()
    statuses = await asyncio.gather(*(get(handler, "/api/tags") for _ in range(4)))
    assert statuses == [200] * 4
    assert len(set(request_threads)) == 4
    # Done, they are all kept: as many requests again start no new thread.
    await asyncio.gather(*(get(handler, "/api/tags") for _ in range(4)))
    assert len(set(request_threads)) == 4


async def test_a_client_gone_before_the_response_cancels_the_request():
    """As Django's handler does: the disconnect ends the request, nothing is sent, and the
    request still finishes (its database connection goes back)."""
    handler = ThreadReusingASGIHandler()
    messages = [{"type": "http.disconnect"}, {"type": "http.request", "body": b""}]
    sent, finished = [], []

    async def receive():
        return messages.pop()

    async def send(message):
        sent.append(message)

    def record(**kwargs):
        finished.append(kwargs)

    request_finished.connect(record)
    try:
        await handler(asgi.scope("/api/tags"), receive, send)
    finally:
        request_finished.disconnect(record)
    assert sent == []
    assert len(finished) == 1
    task = asyncio.current_task()
    assert task is not None
    assert task.cancelling() == 0  # the cancellation was absorbed, not passed on


async def test_a_request_leaves_its_thread_without_a_database_connection():
    """What lets a request start with no thread hop: the connection its thread used went back
    to the pool when the previous request finished."""
    handler = get_asgi_application()
    assert not request_started.has_listeners()  # Django's connection receivers are off it
    assert await get(handler, "/api/tags") == 200  # a query on the request's thread
    [executor] = handler._idle

    def connection_state():
        db = connections["default"]
        # Django never closes an in-memory SQLite database (that would destroy it): the SQLite
        # test pass keeps its one connection open, at a request's start as at its end.
        in_memory = isinstance(db, SQLite) and db.is_in_memory_db()
        return db.connection is None or in_memory, db.in_atomic_block

    assert executor.submit(connection_state).result() == (True, False)
