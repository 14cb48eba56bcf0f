"""Helpers for the thread-based async ORM."""

import asyncio
import functools
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connection, connections, transaction
from django.utils import timezone

logger = logging.getLogger("conduit.db")
_recheck_lock = threading.Lock()
_last_recheck = 0.0


# The event loop awaiting the transaction that runs on this thread (set by `atomic`), so that
# work done after its commit (`transaction.on_commit`) can be handed back to that loop.
awaiting_loop: ContextVar[asyncio.AbstractEventLoop | None] = ContextVar(
    "awaiting_loop", default=None
)


def atomic[**P, R](fn: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """Run a synchronous ORM function inside one transaction, off the event loop.

    Django 6.1 has no async `atomic()`: a write that spans several statements runs as one sync
    function on the request's database thread (the same thread and connection as the request's
    other async ORM calls), so it commits or rolls back as a whole.
    """
    run = sync_to_async(transaction.atomic(fn), thread_sensitive=True)

    @functools.wraps(fn)
    async def in_transaction(*args: P.args, **kwargs: P.kwargs) -> R:
        awaiting_loop.set(asyncio.get_running_loop())  # copied into the thread's context
        return await run(*args, **kwargs)

    return in_transaction


def closing_connections[**P, R](fn: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """Run a synchronous ORM function on a pool thread outside any request, off the event loop.

    Streams and the event hub read the database outside Django's request cycle, which is what
    hands connections back to the pool: so the connection goes back as soon as `fn` is done.
    """

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        finally:
            connections.close_all()

    return sync_to_async(run, thread_sensitive=False)


def recheck_pool(*, min_interval: float = 1.0) -> None:
    """After a database error, check every idle pooled connection, in the background.

    Connections broken by a database restart would otherwise each fail one request before the
    pool drops them. Runs at most once per `min_interval` seconds; a no-op without a pool.
    """
    global _last_recheck
    pool = getattr(connections["default"], "pool", None)
    if pool is None:
        return
    with _recheck_lock:
        now = time.monotonic()
        if now - _last_recheck < min_interval:
            return
        _last_recheck = now
    threading.Thread(target=_check, args=(pool,), name="conduit-pool-recheck", daemon=True).start()


def _check(pool: Any) -> None:
    try:
        pool.check()
    except Exception:  # the database may still be down: the pool keeps reconnecting
        logger.warning("connection pool check failed", exc_info=True)


def link_set(table: str, columns: tuple[str, str], ids: tuple[int, int], *, linked: bool) -> None:
    """Make the row `ids` of a link table (favorites, follows: two ids and `created_at`) present
    or absent, in the caller's transaction: one statement, which no concurrent change of the
    same row can fail (`ON CONFLICT DO NOTHING`; deleting nothing is no error). Plain SQL:
    through the ORM, building the statement cost more CPU than running it."""
    first, second = columns
    with connection.cursor() as cursor:
        if linked:
            cursor.execute(
                f"INSERT INTO {table} ({first}, {second}, created_at) VALUES (%s, %s, %s)"  # noqa: S608 - names are constants
                " ON CONFLICT DO NOTHING",
                [*ids, timezone.now()],
            )
        else:
            cursor.execute(
                f"DELETE FROM {table} WHERE {first} = %s AND {second} = %s",  # noqa: S608 - names are constants
                list(ids),
            )
