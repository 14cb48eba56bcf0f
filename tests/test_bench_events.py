"""The live-events benchmark in small: it runs end to end, and every event reaches every stream."""

import json
import subprocess
import sys

import pytest

from tests import live

pytestmark = [pytest.mark.postgres, pytest.mark.live]


def test_smoke_bench_events_delivers_every_event_once(tmp_path, django_db_setup):
    """`make bench-events` in small: idle streams and one worker's delivery latency."""
    with live.fresh_database(tmp_path) as env:
        env = {**env, "EVENTS_BENCH_DATABASE_URL": env["DATABASE_URL"]}
        subprocess.run(
            [sys.executable, "bench/events.py", "--only", "idle", "one-worker",
             "--streams", "50", "--warm-streams", "10", "--hold", "0", "--settle", "0.2", "--subscribers", "20",
             "--events", "3", "--rate", "20", "--clients", "2", "--connect-timeout", "20",
             "--grace", "10", "--output", str(tmp_path)],
            cwd=live.ROOT, env=env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    [report] = tmp_path.glob("events-*.json")
    results = json.loads(report.read_text())["results"]
    idle, latency = results["idle"], results["one-worker"]
    assert idle["connected"] == 50
    assert idle["fan_out"]["missed"] == 0
    assert idle["kb_per_stream"] > 0
    assert latency["subscribers"] == 20
    assert latency["events"] == 3
    delivery = latency["delivery"]
    assert delivery["pairs"] == delivery["delivered"] == 60
    assert delivery["missed"] == delivery["duplicates"] == 0
