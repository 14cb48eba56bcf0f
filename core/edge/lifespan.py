"""The ASGI lifespan protocol (`make serve` runs uvicorn with `--lifespan on`).

Startup: chain a drain onto the server's SIGTERM/SIGINT handler. uvicorn on SIGTERM stops
accepting, then waits up to its graceful timeout for open responses to finish, and only then
sends `lifespan.shutdown`: an event stream never finishes by itself, so without the drain every
stream would be cut when the timeout ends. The drain ends each stream at once with its `retry:`
line (a WebSocket gets its `end` message and a 1013 close), refuses new ones, and leaves the
channel layer's group; clients reconnect with Last-Event-ID to a worker that stays.

Shutdown: drain again (streams opened by a signal-less stop) and return.
"""

import asyncio
import logging
import signal
from types import FrameType
from typing import Any

from api.asgi import Receive, Scope, Send
from core.domain.events import quota
from core.domain.events.hub import hub

logger = logging.getLogger("conduit.server")

DRAIN_REASON = "the server is restarting: reconnect to resume"


async def drain() -> None:
    quota.start_draining()
    await hub().drain(DRAIN_REASON)


def _drain_on_signals(loop: asyncio.AbstractEventLoop) -> None:
    tasks: set[asyncio.Task[None]] = set()

    def start() -> None:
        task = loop.create_task(drain())
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    for sig in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(sig)
        if not callable(previous):
            continue  # not the server's handler: leave the signal alone

        def handler(number: int, frame: FrameType | None, previous: Any = previous) -> None:
            previous(number, frame)
            loop.call_soon_threadsafe(start)

        signal.signal(sig, handler)


async def lifespan(scope: Scope, receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            _drain_on_signals(asyncio.get_running_loop())
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await drain()
            await send({"type": "lifespan.shutdown.complete"})
            return
