"""bench/deployed.py in small: the deployed stack (tests/deploy_stack.py, with the bench's one
override of deploy/nginx.conf) and the direct uvicorn both serve its load without an error."""

import json
import subprocess
import sys

import pytest

from bench.deployed import LIMIT_REQ_OVERRIDE
from tests import live
from tests.deploy_stack import DEPLOY, render

pytestmark = [pytest.mark.deploy, pytest.mark.postgres, pytest.mark.redis, pytest.mark.live]


def test_the_bench_override_changes_only_the_request_rate_of_the_shipped_nginx_conf():
    shipped = (DEPLOY / "nginx.conf").read_text()
    changed = render(shipped, LIMIT_REQ_OVERRIDE)
    diff = [
        (a, b) for a, b in zip(shipped.splitlines(), changed.splitlines(), strict=True) if a != b
    ]
    [(before, after)] = diff
    assert before.startswith("limit_req_zone")
    assert "rate=50r/s" in before
    assert "BENCH ONLY" in after


def test_smoke_deployed_bench_serves_both_targets_without_an_error(tmp_path, django_db_setup):
    with live.fresh_database(tmp_path) as env:
        env = {**env, "BENCH_DATABASE_URL": env["DATABASE_URL"]}
        subprocess.run(
            [sys.executable, "bench/deployed.py", "--scale", "0.002", "--duration", "1",
             "--warmup", "0", "--rounds", "1", "--workers", "1", "--connections", "8",
             "--only", "tags", "favorite+unfavorite", "--output", str(tmp_path)],
            cwd=live.ROOT, env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    [report] = tmp_path.glob("deployed-*.json")
    results = json.loads(report.read_text())["results"]
    assert sorted((r["server"], r["endpoint"]) for r in results) == [
        ("deployed", "favorite+unfavorite"),
        ("deployed", "tags"),
        ("direct", "favorite+unfavorite"),
        ("direct", "tags"),
    ]
    for result in results:
        assert result["requests"] > 0
        assert result["errors"] == 0
        assert result["cpu_ms_per_request"] > 0
    assert all(r["edge_cpu_ms_per_request"] > 0 for r in results if r["server"] == "deployed")
