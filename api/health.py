from django.http import HttpRequest
from ninja import Router, Status

from core.domain.health import readiness
from schemas.health import (
    CheckResult,
    CheckStatus,
    Liveness,
    Readiness,
    ReadinessChecks,
    ReadinessStatus,
)

router = Router(tags=["Health"])


@router.get(
    "/health",
    response={200: Liveness},
    operation_id="GetLiveness",
    summary="Liveness",
    description="The process is up and serving. Touches no dependency.",
)
async def liveness(request: HttpRequest) -> Liveness:
    return Liveness(status="ok")


@router.get(
    "/health/ready",
    response={200: Readiness, 503: Readiness},
    operation_id="GetReadiness",
    summary="Readiness",
    description=(
        "Checks the database, the cache (Redis, when configured) and the channel layer (when "
        "configured). 503 with the failing checks when any of them fails."
    ),
)
async def ready(request: HttpRequest) -> Status[Readiness]:
    outcomes = await readiness()
    checks = {
        name: CheckResult(status=CheckStatus.OK)
        if problem is None
        else CheckResult(status=CheckStatus.UNAVAILABLE, detail=problem)
        for name, problem in outcomes.items()
    }
    checks.setdefault("channel_layer", CheckResult(status=CheckStatus.DISABLED))
    healthy = all(problem is None for problem in outcomes.values())
    status = ReadinessStatus.OK if healthy else ReadinessStatus.DEGRADED
    return Status(
        200 if healthy else 503, Readiness(status=status, checks=ReadinessChecks(**checks))
    )
