"""The Node tools of the contract, installed in clients/ (`make clients`: npm ci)."""

import os
import subprocess
from pathlib import Path

from tests.contract.spec import ROOT

CLIENTS = ROOT / "clients"


def run_node_tool(
    name: str, *args: str | Path, cwd: Path = CLIENTS, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    tool = CLIENTS / "node_modules" / ".bin" / name
    assert tool.exists(), f"{tool} is missing: run `make clients` (npm ci in clients/)"
    return subprocess.run(
        [str(tool), *map(str, args)],
        cwd=cwd,
        env={**os.environ, "SCARF_ANALYTICS": "false", "NO_COLOR": "1", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
