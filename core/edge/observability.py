"""Request ids, structured logs and slow-query logging.

The request id lives in a context variable: asgiref copies the context into the threads that run
the async ORM, and uvicorn writes its access log from inside the app's `send`, so every log line
of a request (ours, Django's, the database's, uvicorn's) can carry it.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import orjson
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.dispatch import receiver

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy or client may hand us: ids travel into logs and headers, so only short, plain
# tokens are taken as they are; anything else is replaced by a fresh id.
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:/+=@-]{1,128}$")

request_id: ContextVar[str] = ContextVar("request_id", default="-")

slow_query_logger = logging.getLogger("conduit.db.slow")


def new_request_id(offered: str | bytes | None) -> str:
    """The id a client offered if it is sane, else a fresh one."""
    if isinstance(offered, bytes):
        offered = offered.decode("latin-1")
    if offered and _SANE_REQUEST_ID.match(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Stamp every record with the id of the request it was logged for ("-" outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


# LogRecord attributes that are plumbing rather than content.
_STANDARD_ATTRS = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__.keys()
    | {"message", "asctime", "request_id", "taskName"}
)


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def _log_slow_queries(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        elapsed_ms = (time.perf_counter() - started) * 1000
        if elapsed_ms >= settings.SLOW_QUERY_MS:
            slow_query_logger.warning(
                "slow query (%.0f ms): %s",
                elapsed_ms,
                sql if len(sql) <= 2000 else sql[:2000] + "…",
                extra={"duration_ms": round(elapsed_ms, 1)},
            )


@receiver(connection_created)
def _watch_queries(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Time every statement of every connection (the wrapper costs one function call)."""
    if settings.SLOW_QUERY_MS > 0 and _log_slow_queries not in connection.execute_wrappers:
        connection.execute_wrappers.append(_log_slow_queries)
