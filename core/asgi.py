"""ASGI entry point: `uvicorn core.asgi:application`."""

import os

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

django_application = get_asgi_application()

from core.edge import Edge  # noqa: E402  (needs the settings loaded above)

# uvicorn serves no files: the handler serves /static/ (the docs' assets) from the app itself.
# Edge stays outermost: request ids for every response, oversized bodies refused unread.
application = Edge(ASGIStaticFilesHandler(django_application))
