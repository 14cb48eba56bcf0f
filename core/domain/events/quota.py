"""How many event streams (SSE and WebSocket together) one client may hold open in this process.

Opening a stream is rate limited like any request, but a stream then stays open for an hour:
without a cap one client could hold hundreds, each a queue and a slot in every fan-out. The cap
is per process (a count in memory, released when the stream ends however it ends); the edge
(deploy/nginx.conf, `limit_conn` on the event paths) bounds the total across workers.

While the process drains (SIGTERM, core/edge/lifespan.py) no new stream is admitted: the client
retries and lands on a worker that stays.
"""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

from core.domain.errors import DomainError, Unavailable

_open: Counter[str] = Counter()
_draining = False


class TooManyStreams(DomainError):
    """This client holds EVENTS_MAX_STREAMS_PER_CLIENT streams already (429); retry after the
    reconnection delay the streams advise (`EVENTS_RETRY_MS`)."""

    @property
    def retry_after(self) -> int:
        return max(1, -(-settings.EVENTS_RETRY_MS // 1000))

    def __init__(self, limit: int) -> None:
        super().__init__({"events": [f"too many open streams from this client (at most {limit})"]})


def start_draining() -> None:
    global _draining
    _draining = True


@contextmanager
def stream_slot(client: str) -> Iterator[None]:
    """Hold one of `client`'s stream slots while the block runs; `TooManyStreams` if none is
    free, `Unavailable` while the process shuts down."""
    if _draining:
        raise Unavailable({"events": ["this server is restarting, retry"]}, retry_after=1)
    limit = settings.EVENTS_MAX_STREAMS_PER_CLIENT
    if _open[client] >= limit:
        raise TooManyStreams(limit)
    _open[client] += 1
    try:
        yield
    finally:
        _open[client] -= 1
        if not _open[client]:
            del _open[client]


def open_streams(client: str) -> int:
    return _open[client]
