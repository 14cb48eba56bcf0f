"""Contract fuzzing: schemathesis drives every operation of openapi.json against a live uvicorn.

Every check schemathesis has runs (no 5xx, responses match their documented schema, status
codes and headers; schema-valid requests accepted, invalid ones refused; unsupported methods
answer 405; auth is not ignored; stateful create → read → update → delete sequences through the
document's links), in one run: the operations that require a token get one (and the `ignored_auth`
check sends them none, or a bad one); those where it is optional run without (a viewer's own
flags on them are checked against the contract in tests/api/test_wire.py). Seeded and bounded:
FUZZ_EXAMPLES cases per operation and phase (25 in CI; `make fuzz` runs more).
"""

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import live

pytestmark = [pytest.mark.live, pytest.mark.fuzz]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
SEED = int(os.environ.get("FUZZ_SEED", "1"))
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
OPERATIONS = sum(
    method in HTTP_METHODS
    for path in json.loads((live.ROOT / "openapi.json").read_text())["paths"].values()
    for method in path
)
# The fuzzer is one very busy client: rate limits would only hide the endpoints behind 429s.
# (429 itself is documented on every operation and tested in tests/api/test_rate_limits.py.)
NO_LIMITS = {
    name: "off"
    for name in (
        "RATE_LIMIT_CLIENT",
        "RATE_LIMIT_LOGIN_IP",
        "RATE_LIMIT_LOGIN_ACCOUNT",
        "RATE_LIMIT_LOGIN_ACCOUNT_CLIENT",
        "RATE_LIMIT_PROBE",
        "RATE_LIMIT_TAG_CREATE",
        "RATE_LIMIT_REGISTER_IP",
        "RATE_LIMIT_REGISTER_ACCOUNT",
    )
}
# An event stream stays open until the server ends it: end each of the fuzzer's in a moment.
SHORT_STREAMS = {"EVENTS_STREAM_MAX_SECONDS": "0.3", "EVENTS_HEARTBEAT_SECONDS": "0.1"}


@pytest.fixture(scope="module")
def fuzz_server(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None
) -> Iterator[live.Server]:
    with (
        live.fresh_database(tmp_path_factory.mktemp("fuzz")) as env,
        live.serving(
            {**env, **NO_LIMITS, **SHORT_STREAMS},
            tmp_path_factory.mktemp("fuzz-logs") / "uvicorn.log",
        ) as server,
    ):
        yield server


def test_every_operation_holds_to_the_contract(fuzz_server, tmp_path):
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file", str(Path(__file__).with_name("schemathesis.toml")),
        "run", str(live.ROOT / "openapi.json"),
        "--url", fuzz_server.url,
        "--checks", "all",
        "--max-examples", str(EXAMPLES),
        "--seed", str(SEED),
        "--generation-deterministic",
        "--workers", "1",
        "--request-timeout", "30",
        "--no-color",
    ]  # fmt: skip
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.fuzz_hooks",
        "FUZZ_BASE_URL": fuzz_server.url,
        "PYTHONPATH": str(live.ROOT),
    }
    result = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900
    )
    output = result.stdout + result.stderr
    summary = re.search(r"(\d+) generated, .*", output)
    print(f"\nschemathesis: {summary.group(0) if summary else 'no summary'}")
    assert result.returncode == 0, output[-20_000:]
    assert summary is not None
    assert int(summary.group(1)) > 0
    assert f"Tested: {OPERATIONS}" in output  # every operation of openapi.json
    # Articles exist only if POST /api/articles succeeded: the operations that require a token
    # were sent one.
    listed = httpx.get(f"{fuzz_server.url}/api/articles?limit=1", timeout=10).json()
    assert listed["articlesCount"] > 0
