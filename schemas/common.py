"""Schemas shared by every feature: the base of response bodies, errors and pagination."""

from functools import cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AliasGenerator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    TypeAdapter,
)
from pydantic.alias_generators import to_snake

from core.domain import limits
from schemas import examples
from schemas.examples import example


class Body(BaseModel):
    """A response body (REST or event payload): the one definition of its shape, which both
    documents it (openapi.json) and serialises it (`dump`).

    It reads the domain's views as they are (`from_attributes`): a field `tagList` reads the
    attribute `tag_list` (and, from JSON, the key `tagList` too). The documents show the wire
    names: they describe what is written (`mode="serialization"`).
    """

    model_config = ConfigDict(
        from_attributes=True,
        alias_generator=AliasGenerator(validation_alias=to_snake),
        validate_by_alias=True,
        validate_by_name=True,
    )


@cache
def _adapter(model: type[Body]) -> TypeAdapter[Body]:
    return TypeAdapter(model)


def dump(model: type[Body], data: Any) -> bytes:
    """`data` (views, or a dict of them) as the JSON of `model`: read in strict mode, so a view
    whose types drift fails loudly instead of being coerced, then written by pydantic-core in
    Rust (one pass, no intermediate dicts)."""
    adapter = _adapter(model)
    return adapter.dump_json(adapter.validate_python(data, strict=True, from_attributes=True))


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
