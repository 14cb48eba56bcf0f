"""Schemas shared by every feature: errors and pagination."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from core import limits


class GenericErrorModel(BaseModel):
    """The spec's error body: each key names a field or resource, with its messages."""

    errors: dict[str, list[str]]


PageLimit = Annotated[
    int,
    Field(
        ge=1,
        description=f"How many items to return (default {limits.PAGE_LIMIT_DEFAULT}; "
        f"values above {limits.PAGE_LIMIT_MAX} count as {limits.PAGE_LIMIT_MAX}).",
    ),
    AfterValidator(lambda v: min(v, limits.PAGE_LIMIT_MAX)),
]
PageOffset = Annotated[
    int,
    Field(ge=0, description="How many items to skip before the first one returned."),
    AfterValidator(lambda v: min(v, limits.PAGE_OFFSET_MAX)),
]


class PageParams(BaseModel):
    limit: PageLimit = limits.PAGE_LIMIT_DEFAULT
    offset: PageOffset = 0
