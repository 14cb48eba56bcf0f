"""ASGI entry point: `uvicorn core.asgi:application`.

One prefix test routes each request: `/api` (the API and its docs) and `/static` (the docs'
assets) go to Django; every other HTTP path goes to the SPA build, which answers from memory
without entering Django. So an API request pays one `str.startswith` for the SPA being served
beside it (no middleware, no URL resolution, no filesystem check), and an unknown `/api/...`
path still gets the API's JSON 404 from Django. `Edge` wraps everything: request ids on every
response, oversized bodies refused unread.
"""

import os

from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

from core.handlers import get_asgi_application
from core.spa import Receive, Scope, Send, SinglePageApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

# uvicorn serves no files: the handler serves /static/ (the docs' assets) from the app itself.
django_application = ASGIStaticFilesHandler(get_asgi_application())
spa = SinglePageApp(settings.SPA_ROOT)

from core.edge import Edge  # noqa: E402  (needs the settings loaded above)

BACKEND_PREFIXES = ("/api/", "/static/")


async def route(scope: Scope, receive: Receive, send: Send) -> None:
    path = scope.get("path", "")
    if scope["type"] == "http" and path != "/api" and not path.startswith(BACKEND_PREFIXES):
        await spa(scope, receive, send)
    else:
        await django_application(scope, receive, send)


application = Edge(route)
