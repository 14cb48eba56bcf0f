"""Generate the Python SDK (`conduit-client`) from openapi.json with openapi-python-client.

`make sdk-python` and tests/contract/test_python_sdk.py both generate through this script, so the
SDK they build and test is the same.

Optional authentication: the contract says "a token is optional" as `security: [{"Token": []}, {}]`
(an empty requirement allows anonymous access, OpenAPI 3.1 "Security Requirement Object").
openapi-python-client reads any non-empty `security` as "a token is required" and types such
operations as taking only an `AuthenticatedClient` (upstream issue
openapi-generators/openapi-python-client#1372). Until it is fixed there, the generator reads a copy
of the contract in which those operations declare no security: they then take a `Client` or an
`AuthenticatedClient` (which still sends its token). Operations that require a token are unchanged.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CONFIG = HERE / "openapi-python-client.yml"


def anonymous_allowed(spec: dict[str, Any]) -> dict[str, Any]:
    """The contract with no `security` on operations that allow anonymous access."""
    for path in spec["paths"].values():
        for operation in path.values():
            if isinstance(operation, dict) and {} in operation.get("security", []):
                del operation["security"]
    return spec


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="the folder of the generated project")
    parser.add_argument("--contract", type=Path, default=ROOT / "openapi.json")
    parser.add_argument("--fail-on-warning", action="store_true")
    args = parser.parse_args()
    spec = anonymous_allowed(json.loads(args.contract.read_text()))
    with tempfile.TemporaryDirectory() as folder:
        contract = Path(folder) / "openapi.json"
        contract.write_text(json.dumps(spec))
        command = [
            str(Path(sys.executable).with_name("openapi-python-client")), "generate",
            "--path", str(contract), "--config", str(CONFIG), "--meta", "uv",
            "--output-path", str(args.output),
        ]  # fmt: skip
        if args.fail_on_warning:
            command.append("--fail-on-warning")
        return subprocess.run(command, check=False).returncode  # noqa: S603 - our own tool


if __name__ == "__main__":
    sys.exit(main())
