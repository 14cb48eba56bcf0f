from pydantic import Field

from schemas import examples
from schemas.common import Body


class TagsResponse(Body):
    tags: list[str] = Field(
        description="Every tag in use, alphabetically.", examples=[examples.TAGS]
    )
