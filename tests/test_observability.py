"""Request ids on every response and log line, JSON logs, slow-query logs."""

import logging
import re

import httpx
import orjson
import pytest

from core.edge.observability import JSONFormatter, RequestIdFilter, request_id
from tests import live

pytestmark = pytest.mark.django_db(transaction=True)


async def test_every_response_has_a_request_id(api):
    ids = {(await api.get(path)).headers["X-Request-ID"] for path in ("/api/tags", "/api/nope")}
    assert len(ids) == 2
    assert all(re.fullmatch(r"[0-9a-f]{32}", rid) for rid in ids)


async def test_a_sane_request_id_from_the_client_is_kept(api):
    r = await api.get("/api/tags", headers={"X-Request-ID": "lb-7f3a:2026/11.25+x=1@edge"})
    assert r.headers["X-Request-ID"] == "lb-7f3a:2026/11.25+x=1@edge"


@pytest.mark.parametrize("offered", ["has spaces", "x" * 129, "<script>", "é", ""])
async def test_an_unusable_request_id_is_replaced(api, offered):
    r = await api.get("/api/tags", headers={"X-Request-ID": offered})
    assert re.fullmatch(r"[0-9a-f]{32}", r.headers["X-Request-ID"])


async def test_slow_queries_are_logged_with_the_request_id(api, settings, caplog):
    settings.SLOW_QUERY_MS = 0.000_001  # every query is "slow"
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="conduit.db.slow"):
        r = await api.get("/api/articles")
    slow = [rec for rec in caplog.records if rec.name == "conduit.db.slow"]
    assert len(slow) == 1  # the count; with no article there is no page to read
    assert all(rec.request_id == r.headers["X-Request-ID"] for rec in slow)
    assert all(rec.duration_ms >= 0 and "SELECT" in rec.getMessage() for rec in slow)


async def test_fast_queries_are_not_logged(api, caplog):
    with caplog.at_level(logging.WARNING, logger="conduit.db.slow"):
        await api.get("/api/articles")
    assert not [rec for rec in caplog.records if rec.name == "conduit.db.slow"]


def test_json_log_lines_carry_the_request_id_and_extras():
    record = logging.LogRecord(
        "conduit.test", logging.WARNING, __file__, 1, "hi %s", ("there",), None
    )
    record.duration_ms = 12.5
    token = request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = orjson.loads(JSONFormatter().format(record))
    assert line["message"] == "hi there"
    assert line["level"] == "WARNING"
    assert line["logger"] == "conduit.test"
    assert line["request_id"] == "abc123"
    assert line["duration_ms"] == 12.5
    assert line["time"].endswith("+00:00")


@pytest.mark.live
def test_uvicorn_access_and_django_log_lines_carry_the_request_id(app_server):
    response = httpx.get(
        f"{app_server.url}/api/no-such-thing", headers={"X-Request-ID": "trace-42"}
    )
    assert response.headers["X-Request-ID"] == "trace-42"
    lines = [line for line in app_server.log.read_text().splitlines() if "[trace-42]" in line]
    assert any("uvicorn.access" in line and "404" in line for line in lines), lines
    assert any("django.request" in line and "Not Found" in line for line in lines), lines


@pytest.mark.live
def test_access_log_off_leaves_out_uvicorns_lines_only(live_env, tmp_path):
    """ACCESS_LOG=off: no access line, though uvicorn is not told --no-access-log (the setting
    decides); the app's own lines are still written (the marker that the log was read late enough)."""
    with live.serving({**live_env, "ACCESS_LOG": "off"}, tmp_path / "uvicorn.log") as server:
        httpx.get(f"{server.url}/api/no-such-thing", headers={"X-Request-ID": "trace-43"})
        lines = [line for line in server.log.read_text().splitlines() if "[trace-43]" in line]
    assert any("django.request" in line and "Not Found" in line for line in lines), lines
    assert not any("uvicorn.access" in line for line in lines), lines
