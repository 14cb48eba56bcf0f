"""The benchmark in small: it runs end to end without an error, and its floor is honest."""

import json
import subprocess
import sys

import httpx
import pytest

from bench.run import start_server
from tests import live

pytestmark = [pytest.mark.postgres, pytest.mark.live]


@pytest.fixture(scope="module")
def seeded_env(tmp_path_factory, django_db_setup):
    """A fresh, migrated PostgreSQL database with a tiny seeded dataset."""
    with live.fresh_database(tmp_path_factory.mktemp("bench")) as env:
        subprocess.run(
            [sys.executable, "manage.py", "seed", "--users", "12", "--articles", "50",
             "--favorites", "120", "--comments", "40", "--verbosity", "0"],
            cwd=live.ROOT, env=env, check=True,
        )  # fmt: skip
        yield env


def test_smoke_bench_serves_two_seconds_of_load_without_an_error(seeded_env, tmp_path):
    """`make bench` in small: its own seeding, the floor and Conduit (with one client too), wrk,
    the JSON report."""
    env = {**seeded_env, "BENCH_DATABASE_URL": seeded_env["DATABASE_URL"]}
    subprocess.run(
        [sys.executable, "bench/run.py", "--scale", "0.002", "--duration", "2", "--warmup", "0",
         "--workers", "1", "--connections", "16", "--only", "list articles",
         "--output", str(tmp_path)],
        cwd=live.ROOT, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    [report] = tmp_path.glob("*.json")
    results = json.loads(report.read_text())["results"]
    assert [(r["server"], r["endpoint"]) for r in results] == [
        ("floor", "list articles"),
        ("floor", "list articles c=1"),
        ("conduit", "list articles"),
        ("conduit", "list articles c=1"),
    ]
    for result in results:
        assert result["requests"] > 0
        assert result["errors"] == 0
        assert result["cpu_ms_per_request"] > 0


def test_the_floor_sends_exactly_the_bytes_conduit_sends(seeded_env, tmp_path):
    floor = start_server("floor", "bench.floor:app", 1, seeded_env, tmp_path, "/api/articles")
    conduit = start_server(
        "conduit", "core.config.asgi:application", 1, seeded_env, tmp_path, "/api/tags"
    )
    try:
        for query in ("", "?limit=1", "?limit=7&offset=3", "?offset=45", "?offset=1000"):
            ours = httpx.get(f"{conduit.url}/api/articles{query}")
            theirs = httpx.get(f"{floor.url}/api/articles{query}")
            assert ours.status_code == theirs.status_code == 200
            assert ours.content == theirs.content
            assert ours.headers["content-type"] == theirs.headers["content-type"]
    finally:
        floor.stop()
        conduit.stop()


def test_smoke_instruction_counts_are_written_and_reported(seeded_env, tmp_path):
    """`make bench-instructions` in small: the requests under callgrind, the JSON file, its table
    (bench/report.py, which the docs use)."""
    env = {**seeded_env, "BENCH_DATABASE_URL": seeded_env["DATABASE_URL"]}
    subprocess.run(
        [sys.executable, "bench/instructions.py", "--only", "tags", "--requests", "10",
         "--output", str(tmp_path)],
        cwd=live.ROOT, env=env, check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    [path] = tmp_path.glob("instructions-*.json")
    report = json.loads(path.read_text())
    assert report["kind"] == "instructions"
    [result] = report["results"]
    assert result["endpoint"] == "tags"
    # A request through Django and Ninja to PostgreSQL and back is millions of instructions;
    # an empty gate would count (nearly) none.
    assert result["instructions"] > 500_000
    table = subprocess.run(
        [sys.executable, "bench/report.py", str(path)],
        cwd=live.ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert f"| tags | {result['instructions']:,} |" in table
