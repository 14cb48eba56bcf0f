"""Django's ASGI handler, with its per-request threads kept instead of started and joined.

Under ASGI, Django runs each request's synchronous work (the ORM, sync middleware and signal
receivers) on a thread of its own, so that thread-local database connections never mix. Django's
handler starts that thread for every request and joins it afterwards (with a second thread, to
avoid blocking the loop): on these machines the two thread starts cost more CPU than a simple
query. Here each request borrows an idle single-thread executor and gives it back when done:
still one thread per request in flight and never two requests on one thread, but threads are
started only when more requests are in flight than ever before. The thread's database connection
goes back to the pool at the end of each request as before (`request_finished`).
"""

from collections.abc import MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

import django
from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler


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
                await self.handle(cast(dict[str, Any], scope), receive, send)
        finally:
            self._idle.append(executor)


def get_asgi_application() -> ThreadReusingASGIHandler:
    """`django.core.asgi.get_asgi_application`, with the handler above."""
    django.setup(set_prefix=False)
    return ThreadReusingASGIHandler()
