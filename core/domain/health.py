"""Readiness checks: can this process reach what it depends on?

Each check returns None when healthy, or a short reason. They run concurrently, each bounded by
HEALTH_CHECK_TIMEOUT, so a dependency that hangs (rather than refusing) cannot hang the probe.
"""

import asyncio
import importlib
import logging
import uuid
from collections.abc import Awaitable, Callable

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections

from core.domain.db import recheck_pool
from core.domain.ratelimit import counters

type Check = Callable[[], Awaitable[str | None]]

logger = logging.getLogger("conduit.health")


def _query_database() -> None:
    # Runs in a worker thread of its own: the connection is that thread's, so close it (back to
    # the pool) before the thread is reused.
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()


async def database() -> str | None:
    try:
        await sync_to_async(_query_database, thread_sensitive=False)()
    except Exception:
        recheck_pool()
        raise
    return None


async def cache() -> str | None:
    default = caches["default"]
    if isinstance(default, LocMemCache):
        return None  # this process's memory: nothing to reach
    key = f"health:{uuid.uuid4().hex}"
    await default.aset(key, 1, timeout=5)
    if await default.aget(key) != 1:
        return "cache does not return what was stored"
    await default.adelete(key)
    if counters.degraded:
        return "recovering: rate limits still count in local memory"
    return None


async def channel_layer() -> str | None:
    # Imported only when CHANNEL_LAYERS is configured (channels is then installed).
    layer = importlib.import_module("channels.layers").get_channel_layer()
    if layer is None:
        return "no channel layer"
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "health.check"})
    message = await layer.receive(channel)
    return None if message.get("type") == "health.check" else "channel layer lost a message"


def checks() -> dict[str, Check]:
    """The checks that apply to this configuration."""
    found: dict[str, Check] = {"database": database, "cache": cache}
    if getattr(settings, "CHANNEL_LAYERS", None):
        found["channel_layer"] = channel_layer
    return found


async def _run(check: Check) -> str | None:
    try:
        return await asyncio.wait_for(check(), timeout=settings.HEALTH_CHECK_TIMEOUT)
    except TimeoutError:
        return f"no answer within {settings.HEALTH_CHECK_TIMEOUT:g} s"
    except Exception:  # any failure of a dependency is a finding, not an error
        # The raw error (host names, ports, user names) goes to the log, not to the public probe.
        logger.warning("readiness: %s check failed", check.__name__, exc_info=True)
        return "unreachable or failing (details in the server log)"


async def readiness() -> dict[str, str | None]:
    """Each applicable check's outcome: None if healthy, else why not."""
    named = checks()
    outcomes = await asyncio.gather(*(_run(check) for check in named.values()))
    return dict(zip(named, outcomes, strict=True))
