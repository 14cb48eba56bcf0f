from typing import Literal

from pydantic import BaseModel, Field


class Liveness(BaseModel):
    status: Literal["ok"]


class CheckResult(BaseModel):
    status: Literal["ok", "unavailable"]
    detail: str | None = Field(default=None, description="Why the check failed.")


class Readiness(BaseModel):
    """`degraded` when any check failed; `checks` says which (database, cache, channel_layer)."""

    status: Literal["ok", "degraded"]
    checks: dict[str, CheckResult]
