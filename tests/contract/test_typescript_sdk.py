"""The TypeScript SDK (clients/typescript): generated from openapi.json, current, type-checked.

One generation into a copy of the package folder serves both checks: it must equal the
committed sources file for file (a new, missing or changed file means `make sdk` was not run),
and it must type-check, with the usage check in clients/typescript/test, under TypeScript strict.
"""

import json
import re
import shutil
import subprocess

import pytest

from core.domain.version import VERSION
from tests.contract.node import CLIENTS, run_node_tool
from tests.contract.spec import ROOT

SDK = CLIENTS / "typescript"


def _files(folder):
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*.ts")}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    package = tmp_path_factory.mktemp("sdk") / "typescript"
    shutil.copytree(SDK, package, ignore=shutil.ignore_patterns("src", "node_modules"))
    run = run_node_tool(
        "openapi-ts",
        "--file",
        SDK / "openapi-ts.config.mjs",
        env={"CONDUIT_SDK_OUT": str(package / "src")},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return package


def test_the_committed_sdk_is_what_openapi_json_generates(generated):
    fresh, committed = _files(generated / "src"), _files(SDK / "src")
    assert sorted(committed) == sorted(fresh), "run `make sdk` and commit clients/typescript/src"
    stale = sorted(name for name in fresh if fresh[name] != committed[name])
    assert stale == [], "run `make sdk` and commit clients/typescript/src"
    untracked = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "clients/typescript/src"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert untracked == [], "commit the generated SDK"


def test_the_generated_sdk_type_checks(generated):
    run = run_node_tool("tsc", "--project", generated / "tsconfig.json")
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_sdk_package_has_the_api_version():
    assert json.loads((SDK / "package.json").read_text())["version"] == VERSION


def test_the_sdk_names_operations_and_types_after_the_contract(generated):
    exported = set(re.findall(r"\b\w+\b", (generated / "src" / "index.ts").read_text()))
    assert {"getArticlesFeed", "createArticleFavorite", "login"} <= exported
    assert {"Article", "Profile", "GenericErrorModel", "GetArticlesFeedErrors"} <= exported
    assert sorted(name for name in exported if re.fullmatch(r"[A-Z]\w*\d", name)) == []
