"""Django's ASGI handler, with its per-request threads kept instead of started and joined.

Under ASGI, Django runs each request's synchronous work (the ORM, sync middleware and signal
receivers) on a thread of its own, so that thread-local database connections never mix. Django's
handler starts that thread for every request and joins it afterwards (with a second thread, to
avoid blocking the loop): on these machines the two thread starts cost more CPU than a simple
query. Here each request borrows an idle single-thread executor and gives it back when done:
still one thread per request in flight and never two requests on one thread, but threads are
started only when more requests are in flight than ever before. The thread's database connection
goes back to the pool at the end of each request as before (`request_finished`).

So no connection is open on a request's thread when the request starts (CONN_MAX_AGE is 0:
`close_old_connections` at `request_finished` closes every one), and the two receivers Django
connects to `request_started` for connections (`close_old_connections`, and `reset_queries`,
which only matters when DEBUG logs queries) would find nothing to do; being synchronous, they
cost a thread hop per request: ~0.2 ms of CPU, a fifth of `GET /api/tags`. They are
disconnected (`request_started` itself is still sent; other receivers are called as before).
And the response is closed (which sends `request_finished`, giving the connection back) on the
request's thread without waiting for it: the response has been sent, the executor runs one job
at a time in order, so the next request on that thread still starts after it; waking the loop
when it is done cost another ~0.15 ms per request.

`_handle` is Django's `handle` without the reference cycles it makes on every request: Django's defines an
exception class per request and raises it to leave an `asyncio.TaskGroup` (the one that listens
for the client's disconnect); the class, the exception group and their tracebacks hold the
request's frames, its request and response, ~90 objects that only the cyclic collector frees,
in pauses of tens of milliseconds (docs/performance.md, "Tail latency"). Here the listener
cancels the request's task itself, as the task group did, and nothing is raised when all goes well.
"""

import asyncio
import contextvars
import logging
from collections.abc import MutableMapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from typing import Any, cast

import django
from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.db import close_old_connections, reset_queries
from django.http import HttpRequest, HttpResponseBase
from django.urls import set_script_prefix

logger = logging.getLogger(__name__)


class ThreadReusingASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        self._idle: list[ThreadPoolExecutor] = []

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        # Most recently used first: its thread is the likeliest to be warm.
        executor = self._idle.pop() if self._idle else ThreadPoolExecutor(max_workers=1)
        try:
            async with ThreadSensitiveContext(executor=executor):
                # Servers pass a dict; the edge's apps type scopes as mutable mappings.
                await self._handle(cast(dict[str, Any], scope), receive, send, executor)
        finally:
            self._idle.append(executor)

    async def _handle(
        self, scope: dict[str, Any], receive: Any, send: Any, executor: ThreadPoolExecutor
    ) -> None:
        """Django's `handle`, run on `executor`'s thread (module docstring)."""
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        with closing(body_file):
            set_script_prefix(get_script_prefix(scope))
            await signals.request_started.asend(sender=self.__class__, scope=scope)
            request, error_response = self.create_request(scope, body_file)
            if request is None:  # then there is an error response
                error = cast("HttpResponseBase", error_response)
                body_file.close()
                await self.send_response(error, send)
                await sync_to_async(error.close)()
                return
            response = await self._respond(request, receive, send)
            if response is None:
                await signals.request_finished.asend(sender=self.__class__)
            else:  # on the request's thread, not waited for (module docstring)
                executor.submit(contextvars.copy_context().run, _close, response)

    async def _respond(
        self, request: HttpRequest, receive: Any, send: Any
    ) -> HttpResponseBase | None:
        """The response, sent; None if the client disconnected first (the request cancelled)."""
        task = cast("asyncio.Task[None]", asyncio.current_task())  # uvicorn runs us in a task
        listener = asyncio.create_task(self.listen_for_disconnect(receive))
        listener.add_done_callback(_Disconnect(task))
        try:
            response: HttpResponseBase = await self.run_get_response(request)
            await self.send_response(response, send)
        except asyncio.CancelledError:
            if not listener.done() or listener.cancelled():
                raise  # cancelled from outside (the server stopping): not ours to absorb
            task.uncancel()
            error = listener.exception()
            if error is not None and not isinstance(error, RequestAborted):
                raise error from None  # what the task group re-raised
            return None
        finally:
            listener.cancel()
        return response


def _close(response: HttpResponseBase) -> None:
    try:
        response.close()
    except Exception:
        logger.exception("closing a response failed")


class _Disconnect:
    """The listener's done callback: its end (a disconnect) cancels the request's task, as
    Django's task group did; its cancellation (the response is sent) does nothing."""

    __slots__ = ("task",)

    def __init__(self, task: asyncio.Task[Any]) -> None:
        self.task = task

    def __call__(self, listener: asyncio.Task[Any]) -> None:
        if not listener.cancelled():
            listener.exception()  # retrieved: asyncio would log it as never retrieved
            self.task.cancel()


def get_asgi_application() -> ThreadReusingASGIHandler:
    """`django.core.asgi.get_asgi_application`, with the handler above."""
    django.setup(set_prefix=False)
    signals.request_started.disconnect(close_old_connections)
    if not settings.DEBUG:
        signals.request_started.disconnect(reset_queries)
    return ThreadReusingASGIHandler()
