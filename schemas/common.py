"""Schemas shared by every feature: errors and pagination."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, RootModel

from core.domain import limits
from schemas import examples
from schemas.examples import example


class ErrorMessages(RootModel[dict[str, list[str]]]):
    """Each key names a field or resource (`title`, `token`, `article`), with its messages."""


class GenericErrorModel(BaseModel):
    """The spec's error body, the same for every failing status."""

    model_config = example(examples.ERROR)

    errors: ErrorMessages


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
