from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.rendering import respond
from api.responses import INVALID
from core.domain.limits import TAGS_LIST_MAX
from core.domain.selectors.tags import tag_list
from schemas.tags import TagsResponse

router = Router(tags=["Tags"])


@router.get(
    "/tags",
    response={200: TagsResponse, **INVALID},
    operation_id="GetTags",
    summary="Get tags",
    description=(
        f"The {TAGS_LIST_MAX} tags used by the most articles (ties broken alphabetically), "
        "listed in alphabetical order. Auth not required."
    ),
)
async def list_tags(request: HttpRequest) -> HttpResponse:
    return respond(TagsResponse, {"tags": await tag_list()})
