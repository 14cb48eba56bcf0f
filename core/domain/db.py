"""Helpers for the thread-based async ORM."""

import asyncio
import functools
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Concatenate

from asgiref.sync import sync_to_async
from django.db import connection, connections, transaction
from django.db.models import Count, QuerySet, Value

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


class Markers:
    """Values that stand for a query's parameters while its shape is compiled (`CompiledQuery`).

    A text marker contains NUL, which no stored text can (PostgreSQL refuses it, our schemas
    too); a number marker is far below any id. So a marker found among the compiled parameters
    is always the parameter it stands for.
    """

    def __init__(self) -> None:
        self.names: dict[object, str] = {}

    def text(self, name: str) -> str:
        marker = f"\x00{name}\x00"
        self.names[marker] = name
        return marker

    def number(self, name: str) -> int:
        marker = -(2**62) - len(self.names)
        self.names[marker] = name
        return marker


@dataclass(frozen=True, slots=True)
class _Slot:
    name: str


class CompiledQuery:
    """A queryset compiled to SQL once, then run many times with other parameter values.

    Building and compiling a queryset with a few subqueries costs milliseconds of CPU here, more
    than the database takes to run it, yet its SQL depends only on its shape. A read builds each
    shape once with `Markers` in place of its parameters, and runs that SQL afterwards with the
    real values in their places. Rows go through the ORM's own converters, so they are exactly
    what `values_list()` would have given.
    """

    def __init__(self, queryset: QuerySet[Any], markers: Markers) -> None:
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        slots = [_Slot(markers.names[p]) if _is_marker(p, markers) else p for p in params]
        missing = set(markers.names.values()) - {s.name for s in slots if isinstance(s, _Slot)}
        if missing:
            raise ValueError(f"parameters {sorted(missing)} were changed while compiling")
        self.sql = sql
        self.alias = queryset.db
        self._params = slots
        self._compiler = compiler
        self._converters = compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        )

    def rows(
        self, values: Mapping[str, Any], *, limit: int | None = None, offset: int = 0
    ) -> list[tuple[Any, ...]]:
        """The rows for these parameter values (synchronous: run it on a database thread)."""
        sql = self.sql
        params = [values[p.name] if isinstance(p, _Slot) else p for p in self._params]
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows: list[tuple[Any, ...]] = cursor.fetchall()
        if self._converters:
            rows = [tuple(row) for row in self._compiler.apply_converters(rows, self._converters)]
        return rows


def _is_marker(param: object, markers: Markers) -> bool:
    try:
        return param in markers.names and type(param) in {str, int}
    except TypeError:  # unhashable
        return False


def count_of(queryset: QuerySet[Any]) -> QuerySet[Any, Any]:
    """`queryset.count()` as a queryset of one row, to compile like any other (`CompiledQuery`).

    Grouping by a constant is no grouping at all (Django leaves constants out of GROUP BY):
    this is `SELECT COUNT(*) FROM …`, which gives one row even when nothing matches.
    """
    counted: QuerySet[Any, Any] = (
        queryset.order_by().values(_=Value(1)).annotate(n=Count("*")).values_list("n")
    )
    return counted


def compiled_query[**P](
    build: Callable[Concatenate[Markers, P], QuerySet[Any]],
) -> Callable[P, CompiledQuery]:
    """Turn a function building a queryset from `Markers` (and its shape's flags) into one giving
    its `CompiledQuery`, built on first use for each shape and database vendor. Call it on a
    database thread: compiling may ask the database for its version."""

    shape_builder: Callable[..., QuerySet[Any]] = build  # called with the shape's flags only

    @functools.cache
    def compile_once(vendor: str, *shape: Any) -> CompiledQuery:
        markers = Markers()
        return CompiledQuery(shape_builder(markers, *shape), markers)

    def compiled(*shape: P.args, **keywords: P.kwargs) -> CompiledQuery:
        if keywords:
            raise TypeError("pass a query's shape positionally: it is the cache key")
        return compile_once(connection.vendor, *shape)

    return compiled


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
