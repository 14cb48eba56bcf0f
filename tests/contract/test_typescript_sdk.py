"""The TypeScript SDK package (clients/typescript, `conduit-sdk`): generated from openapi.json,
current, built, packed, installed from its tarball and used against the live app.

One generation into a copy of the package folder serves every check: it must equal the
committed sources file for file (a new, missing or changed file means `make sdk` was not run);
its build (tsc: ESM + declarations, which type-checks the sources, the live events module and
the usage checks in clients/typescript/test under TypeScript strict) must pass; `npm pack` of
it is installed into a scratch project, where clients/typescript/test/package/journey.ts is
type-checked against the installed package and run against the live app.
"""

import json
import os
import re
import shutil
import subprocess
import uuid

import pytest

from core.domain.version import VERSION
from tests.contract.node import CLIENTS, run_node_tool
from tests.contract.spec import ROOT

SDK = CLIENTS / "typescript"
# What the scratch project installs besides the tarball: the optional peers its journey uses,
# at the versions clients/package-lock.json pins (so they come from npm's cache).
PEERS = ("@tanstack/react-query", "@tanstack/vue-query", "react", "@types/react", "vue")

pytestmark = pytest.mark.once


def _files(folder):
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*.ts")}


def _npm(*args, cwd):
    return subprocess.run(
        ["npm", *args, "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=cwd,
        env={**os.environ, "SCARF_ANALYTICS": "false", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    package = tmp_path_factory.mktemp("sdk") / "typescript"
    shutil.copytree(
        SDK, package, ignore=shutil.ignore_patterns("src", "dist", "node_modules", "*.tgz")
    )
    (package / "node_modules").symlink_to(CLIENTS / "node_modules")  # the pinned TanStack Query
    run = run_node_tool(
        "openapi-ts",
        "--file",
        SDK / "openapi-ts.config.mjs",
        env={"CONDUIT_SDK_OUT": str(package / "src")},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return package


@pytest.fixture(scope="module")
def tarball(generated):
    build = run_node_tool("tsc", "--project", generated / "tsconfig.build.json")
    assert build.returncode == 0, build.stdout + build.stderr
    (generated / "node_modules").unlink()  # npm pack must not see the workspace's packages
    packed = _npm("pack", "--json", cwd=generated)
    assert packed.returncode == 0, packed.stdout + packed.stderr
    return generated / json.loads(packed.stdout)[0]["filename"]


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


def test_the_sdk_package_has_the_api_version():
    assert json.loads((SDK / "package.json").read_text())["version"] == VERSION


def test_the_sdk_names_operations_and_types_after_the_contract(generated):
    exported = set(re.findall(r"\b\w+\b", (generated / "src" / "index.ts").read_text()))
    assert {"getArticlesFeed", "createArticleFavorite", "login"} <= exported
    assert {"Article", "Profile", "GenericErrorModel", "GetArticlesFeedErrors"} <= exported
    assert sorted(name for name in exported if re.fullmatch(r"[A-Z]\w*\d", name)) == []


def test_the_tarball_holds_the_built_entries_and_no_sources_or_tests(tarball):
    listed = subprocess.run(
        ["tar", "-tzf", tarball], capture_output=True, text=True, check=True
    ).stdout.split()
    files = {name.removeprefix("package/") for name in listed}
    entries = json.loads((SDK / "package.json").read_text())["exports"]
    for entry in entries.values():
        targets = [entry] if isinstance(entry, str) else entry.values()
        assert {target.removeprefix("./") for target in targets} <= files
    assert not [name for name in files if name.endswith(".ts") and not name.endswith(".d.ts")]
    # Tests and type-level checks stay out (the `testing` entry's stand-ins are part of the API).
    assert not [name for name in files if re.search(r"(^|/)test/|\.test(-d)?\.", name)]


def test_the_core_entry_pulls_in_no_framework(tarball, tmp_path):
    shutil.unpack_archive(tarball, tmp_path, filter="data")
    dist = tmp_path / "package" / "dist"
    core = [p for p in dist.rglob("*.js") if "@tanstack" not in p.parts]
    assert core
    assert [p for p in core if re.search(r"from ['\"](@tanstack|react|vue)", p.read_text())] == []


@pytest.mark.live
def test_the_packed_sdk_installs_type_checks_and_runs_a_journey(tarball, tmp_path, app_server):
    project = tmp_path / "app"
    project.mkdir()
    (project / "package.json").write_text('{"name": "scratch", "private": true, "type": "module"}')
    lock = json.loads((CLIENTS / "package-lock.json").read_text())["packages"]
    peers = [f"{name}@{lock[f'node_modules/{name}']['version']}" for name in PEERS]
    installed = _npm("install", "--prefer-offline", str(tarball), *peers, cwd=project)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    for name in ("journey.ts", "tsconfig.json"):
        shutil.copy(SDK / "test" / "package" / name, project / name)

    checked = run_node_tool("tsc", "--project", project / "tsconfig.json")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    name = f"pkg{uuid.uuid4().hex[:8]}"
    run = subprocess.run(
        ["node", "--experimental-websocket", "build/journey.js", app_server.url, name],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith(f"journey ok: by-{name}"), run.stdout
