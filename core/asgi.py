"""ASGI entry point: `uvicorn core.asgi:application`."""

import os

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

django_application = get_asgi_application()

from core.edge import BodySizeLimit  # noqa: E402  (needs the settings loaded above)

# uvicorn serves no files: the handler serves /static/ (the docs' assets) from the app itself.
# BodySizeLimit stays outermost: it refuses oversized bodies before anything reads them.
application = BodySizeLimit(ASGIStaticFilesHandler(django_application))
