from typing import Literal

from pydantic import BaseModel, Field

from schemas import examples
from schemas.examples import example


class Liveness(BaseModel):
    model_config = example(examples.LIVENESS)

    status: Literal["ok"]


class CheckResult(BaseModel):
    model_config = example(examples.READINESS["checks"]["database"])

    status: Literal["ok", "unavailable"]
    detail: str | None = Field(default=None, description="Why the check failed.")


class Readiness(BaseModel):
    """`degraded` when any check failed; `checks` says which (database, cache, channel_layer)."""

    model_config = example(examples.READINESS)

    status: Literal["ok", "degraded"]
    checks: dict[str, CheckResult]
