"""ASGI entry point: `uvicorn core.asgi:application`."""

import os

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

from core.handlers import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")

# uvicorn serves no files: the handler serves /static/ (the docs' assets) from the app itself.
application = ASGIStaticFilesHandler(get_asgi_application())
