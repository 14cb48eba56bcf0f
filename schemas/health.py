from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from schemas import examples
from schemas.examples import example


class Liveness(BaseModel):
    model_config = example(examples.LIVENESS)

    status: Literal["ok"]


class CheckStatus(StrEnum):
    """`disabled`: the dependency is not configured (e.g. no channel layer)."""

    OK = "ok"
    UNAVAILABLE = "unavailable"
    DISABLED = "disabled"


class ReadinessStatus(StrEnum):
    OK = "ok"
    DEGRADED = "degraded"


class CheckResult(BaseModel):
    model_config = example(examples.CHECK_OK)

    status: CheckStatus
    detail: str | None = Field(default=None, description="Why the check failed.")


class ReadinessChecks(BaseModel):
    model_config = example(examples.READINESS_CHECKS)

    database: CheckResult
    cache: CheckResult = Field(description="Redis when REDIS_URL is set (else always ok).")
    channel_layer: CheckResult = Field(description="`disabled` without CHANNEL_LAYERS.")


class Readiness(BaseModel):
    """`degraded` when any check failed; `checks` says which."""

    model_config = example(examples.READINESS)

    status: ReadinessStatus
    checks: ReadinessChecks
