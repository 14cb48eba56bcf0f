"""ASGI entry point: `uvicorn core.config.asgi:application`.

One prefix test routes each request: `/api` (the API and its docs) goes to Django, `/static`
(the docs' assets) to core.edge.static_assets (from memory, compressed); every other HTTP path goes to the SPA build, which answers from memory
without entering Django. The event stream `GET /api/events` is an ASGI app of its own (a
Django view would hold a thread per open stream; its CORS preflight still goes to Django's
middleware), and WebSockets go to Channels' router (`/ws/events`). So an API request pays one `str.startswith` for the SPA being served
beside it (no middleware, no URL resolution, no filesystem check), and an unknown `/api/...`
path still gets the API's JSON 404 from Django. `Edge` wraps everything: request ids on every
response, oversized bodies refused unread.
"""

import gc
import os

from django.conf import settings

from api.asgi import Receive, Scope, Send
from core.edge.handlers import get_asgi_application
from core.edge.spa import SinglePageApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.config.settings")

django_application = get_asgi_application()
spa = SinglePageApp(settings.SPA_ROOT)

# Imported after Django is set up: they use the models or Ninja (which reads the settings).

from api.errors import bad_host  # noqa: E402
from api.event_socket import EventSocket  # noqa: E402
from api.event_stream import PATH as EVENTS_PATH  # noqa: E402
from api.event_stream import EventStream  # noqa: E402
from core.edge.guard import Edge, host_allowed  # noqa: E402
from core.edge.lifespan import lifespan  # noqa: E402
from core.edge.static_assets import PREFIX as STATIC_PREFIX  # noqa: E402
from core.edge.static_assets import StaticAssets  # noqa: E402

# uvicorn serves no files: /static/ (the docs' assets) is served from memory, compressed.
static_assets = StaticAssets()

# The moderation admin, when on (ADMIN_PATH), is Django's too.
BACKEND_PREFIXES = ("/api/",) + ((f"/{settings.ADMIN_PATH}/",) if settings.ADMIN_PATH else ())
event_stream = EventStream()
EVENTS_SOCKET_PATH = "/ws/events"
event_socket = EventSocket.as_asgi()


async def route(scope: Scope, receive: Receive, send: Send) -> None:
    path = scope.get("path", "")
    if scope["type"] == "websocket":
        if path == EVENTS_SOCKET_PATH and host_allowed(scope):
            # channels' stubs type scopes as TypedDicts; this is the same ASGI scope.
            await event_socket(scope, receive, send)  # type: ignore[arg-type]
        else:
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 1008})  # refused (HTTP 403)
    elif scope["type"] == "lifespan":
        await lifespan(scope, receive, send)
    elif scope["type"] != "http":
        await django_application(scope, receive, send)
    elif path.startswith("/api/") and path != EVENTS_PATH:
        await django_application(scope, receive, send)  # Django checks Host itself
    elif not host_allowed(scope):
        await bad_host().send(send)
    elif path == EVENTS_PATH and scope["method"] != "OPTIONS":
        await event_stream(scope, receive, send)
    elif path.startswith(STATIC_PREFIX):
        await static_assets(scope, receive, send)
    elif path != "/api" and not path.startswith(BACKEND_PREFIXES):
        await spa(scope, receive, send)
    else:
        await django_application(scope, receive, send)


application = Edge(route)

# The collector. Everything set up so far lives as long as the process: frozen, full collections
# no longer walk it (what the first requests add is ~3,400 objects: not worth a second freeze).
# And a young generation of 50,000 objects instead of 2,000: a fan-out to 10,000 streams
# allocates enough to set off full collections that took ~0.6 s of CPU each; with this threshold
# the same fan-out took half as long (docs/performance.md, "Live events"). A request leaves no
# cyclic garbage (tests/test_reference_cycles.py), so requests alone set off no collection at all
# (none in 3,000 at 1, 16 or 64 in flight; with 700, 211 at 64 in flight, pauses up to 90 ms);
# while requests left ~95 cyclic objects each, one collection every ~500 requests paused
# 25-77 ms, p99 at one client 53-121 ms (docs/performance.md, "Tail latency").
gc.freeze()
gc.set_threshold(50_000, 20, 10)
