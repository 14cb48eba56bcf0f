from pydantic import BaseModel, Field

from schemas import examples


class TagsResponse(BaseModel):
    tags: list[str] = Field(
        description="Every tag in use, alphabetically.", examples=[examples.TAGS]
    )
