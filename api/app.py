"""The API: one NinjaAPI with every router, the JSON parser and renderer, and the error handlers."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError, ValidationErrorContext
from ninja.openapi.schema import OpenAPISchema

from api import (
    articles,
    comments,
    errors,
    events,
    favorites,
    health,
    index,
    openapi,
    profiles,
    tags,
    users,
)
from api.rendering import JSONParser, JSONRenderer
from core.domain.version import VERSION

DESCRIPTION = """\
Conduit is the RealWorld API (https://realworld-docs.netlify.app/): users and JWT auth,
profiles and follows, articles with tags, favorites, feeds and comments.

Authenticate with `Authorization: Token <jwt>`, the token coming from `POST /users` or
`POST /users/login`. Every error has the body `{"errors": {"<field>": ["<message>"]}}`.

Limits: request bodies up to 2 MiB (413 beyond); per-client request ceilings and login and
registration attempt limits answer 429 with `Retry-After`; while the database is unreachable
requests answer 503 with `Retry-After`. Health: `/api/health` and `/api/health/ready`.

Live updates: Server-Sent Events at `GET /api/events` (topics `articles`, `article:<slug>`,
`feed`, `user`; resume with `Last-Event-ID`) and the same over a WebSocket at `/ws/events`.

Interactive docs: Swagger UI at `/api/docs`, Redoc at `/api/redoc`.
"""


class ConduitAPI(NinjaAPI):
    def validation_error_from_error_contexts(
        self,
        error_contexts: list[ValidationErrorContext[Any]],
    ) -> ValidationError:
        located = []
        for context in error_contexts:
            model = context.model
            reverse_map = model.__ninja_flatten_map_reverse__
            for error in context.pydantic_validation_error.errors(include_url=False):
                location = tuple(reverse_map.get(error["loc"], error["loc"]))
                if model.__ninja_param_source__ == "body":
                    location = location[1:]  # the handler's parameter name means "the body"
                located.append((location, error))
            # Its traceback holds Ninja's frame, whose locals hold the error: a reference cycle
            # per invalid request (~130 objects; tests/test_reference_cycles.py).
            context.pydantic_validation_error.__traceback__ = None
        return errors.RequestInvalid(errors.validation_errors(located))

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        openapi.refine(schema)
        return schema

    @openapi.docs_page
    def redoc(self, request: HttpRequest) -> HttpResponse:
        """The Redoc page (Swagger UI is Ninja's own docs page, at docs_url)."""
        return openapi.REDOC.render_page(request, self)


api = ConduitAPI(
    title="Conduit API",
    version=VERSION,
    description=DESCRIPTION,
    servers=openapi.SERVERS,
    openapi_extra={"info": openapi.INFO, "tags": openapi.TAGS},
    docs=openapi.SWAGGER,
    docs_decorator=openapi.docs_page,
    urls_namespace="api",
    renderer=JSONRenderer(),
    parser=JSONParser(),
)
errors.install(api)
for feature in (index, users, profiles, articles, favorites, comments, tags, events, health):
    api.add_router("", feature.router)
