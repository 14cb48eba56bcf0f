"""GET /api/health (liveness) and GET /api/health/ready (dependencies)."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


async def test_liveness_touches_no_dependency(api, sql_log):
    r = await api.get("/api/health")
    assert r.status == 200
    assert r.body == {"status": "ok"}
    assert sql_log.count == 0


async def test_readiness_checks_the_database_and_the_cache(api, sql_log):
    r = await api.get("/api/health/ready")
    assert r.status == 200
    assert r.body == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok", "detail": None},
            "cache": {"status": "ok", "detail": None},
            "channel_layer": {"status": "ok", "detail": None},
        },
    }
    assert sql_log.statements == ["SELECT 1"]


async def test_a_configured_channel_layer_is_checked_and_its_failure_is_503(api, settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "conduit_missing.layers.NoSuchLayer"}}
    r = await api.get("/api/health/ready")
    assert r.status == 503
    assert r.body["status"] == "degraded"
    assert r.body["checks"]["database"]["status"] == "ok"
    layer = r.body["checks"]["channel_layer"]
    assert layer == {
        "status": "unavailable",
        "detail": "unreachable or failing (details in the server log)",
    }
    assert "conduit_missing" not in str(r.body)  # the raw error stays in the log


async def test_a_hanging_check_is_cut_short(api, settings, monkeypatch):
    import asyncio

    from core.domain import health

    async def hangs():
        await asyncio.sleep(30)

    monkeypatch.setattr(health, "cache", hangs)
    settings.HEALTH_CHECK_TIMEOUT = 0.2
    r = await api.get("/api/health/ready")
    assert r.status == 503
    assert r.body["checks"]["cache"] == {
        "status": "unavailable",
        "detail": "no answer within 0.2 s",
    }
