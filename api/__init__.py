"""The HTTP layer: Ninja routers over the async services in core (the API itself: api/app.py).

Importing the package needs nothing set up, so the ASGI edge can use `api.asgi`'s vocabulary
before Django is."""
