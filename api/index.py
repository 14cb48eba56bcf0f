"""`GET /api/` (and `/api`): an index pointing at the docs and the contract, so a newcomer who
opens the API's root finds their way instead of a 404."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from ninja import Router

from api.event_stream import PATH as EVENTS_PATH
from api.rendering import respond
from core.domain.version import VERSION
from schemas.index import ApiIndex

router = Router(tags=["Index"])

SPEC = "https://realworld-docs.netlify.app/"


def api_index() -> ApiIndex:
    return ApiIndex(
        name="Conduit API",
        version=VERSION,
        spec=SPEC,
        docs=reverse("api:openapi-view"),
        redoc=reverse("redoc"),
        openapi=reverse("api:openapi-json"),
        health=reverse("api:liveness"),
        events=EVENTS_PATH,
    )


@router.get(
    "/",
    response={200: ApiIndex},
    operation_id="GetApiIndex",
    summary="API index",
    description="Where the docs, the OpenAPI document and the other entry points are. "
    "`/api/` answers the same.",
)
async def index(request: HttpRequest) -> HttpResponse:
    return respond(ApiIndex, api_index())


@require_safe  # other methods: 405, in the API's error shape (core.edge.middleware)
async def index_without_slash(request: HttpRequest) -> HttpResponse:
    """`/api`, as documented (api/openapi.py); Ninja's operation above answers `/api/`."""
    return respond(ApiIndex, api_index())
