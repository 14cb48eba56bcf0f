"""MkDocs hooks: the generated parts of the documentation site (`make docs` runs them).

- `<!-- bench: KIND RESULT -->` in a page becomes a table that bench/report.py builds from
  bench/results/RESULT.json, so no benchmark figure is ever pasted. KIND is `rest WORKERS`
  (Conduit beside the floor), `baseline WORKERS` (the same for the baseline checkout of a
  `--baseline` run), `before-after WORKERS` (beside the baseline checkout), `events`
  (`make bench-events`), `deployed` (bench/deployed.py: nginx + workers + PgBouncer beside the
  direct uvicorn) or `conditions` (where and when it was measured). RESULT `latest` is the
  newest full `make bench` run, `events-latest` the newest `make bench-events` run.
  `instructions RESULT` renders a `make bench-instructions` file (`instructions-<time>`).
- `<!-- bench: files -->` lists the result files there are.
- `<!-- tripwires -->` becomes the list of tests in tests/test_tripwires.py (from their
  docstrings), so the page naming the framework internals we rely on is the test module itself.
- After the build, no page may load a script, stylesheet, font or image from another host: the
  site works offline, like the app's own docs pages.
"""

import ast
import json
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TRIPWIRES = ROOT / "tests" / "test_tripwires.py"

sys.path.insert(0, str(ROOT))
from bench import report  # noqa: E402

# A marker is an HTML comment alone on its line (one quoted in the text is left alone).
MARKER = re.compile(r"^<!--\s*(bench:[^>]*?|tripwires)\s*-->$", re.MULTILINE)
# Anything a browser would fetch from elsewhere to show a page.
EXTERNAL = re.compile(
    r"<(?:script|img|iframe)\b[^>]*\bsrc=\"(?:https?:)?//"
    r"|<link\b[^>]*\bhref=\"(?:https?:)?//[^\"]*\"[^>]*>"
    r"|url\((?:['\"])?(?:https?:)?//",
    re.IGNORECASE,
)


def result_path(name: str) -> Path:
    """A results file by stamp, or the newest of its kind for `latest` / `events-latest`."""
    if name in {"latest", "events-latest"}:
        events = name == "events-latest"
        candidates = sorted(RESULTS.glob("events-*.json" if events else "2*.json"))
        if not events:  # a full run: every endpoint, no baseline beside it
            candidates = [
                path
                for path in candidates
                if not json.loads(path.read_text())["settings"].get("only")
                and not json.loads(path.read_text())["settings"].get("baseline")
            ]
        if not candidates:
            raise PluginError(f"no bench result for {name!r} in {RESULTS}")
        return candidates[-1]
    path = RESULTS / f"{name}.json"
    if not path.is_file():
        raise PluginError(f"bench result {path} does not exist")
    return path


def bench_block(arguments: list[str]) -> str:
    if arguments == ["files"]:
        return "\n".join(
            f"- `bench/results/{path.name}`: {json.loads(path.read_text()).get('label') or 'no label'}"
            for path in sorted(RESULTS.glob("*.json"))
        )
    kind, *rest = arguments
    if not rest:
        raise PluginError(f"bench marker {kind!r} names no result file")
    path = result_path(rest[-1])
    data: dict[str, Any] = json.loads(path.read_text())
    source = f"`bench/results/{path.name}`"
    if kind == "instructions":
        return f"{report.instructions(data)}\n\nResults: {source}."
    if kind == "conditions":
        return f"{report.conditions(data)} Results: {source}."
    if kind == "events":
        return report.events(data["results"])
    if kind == "deployed":
        return report.deployed(data["results"])
    if kind in {"rest", "baseline", "before-after"} and len(rest) == 2:
        workers = int(rest[0])
        if kind in {"rest", "baseline"}:  # baseline: the --baseline checkout's own table
            server = "conduit" if kind == "rest" else "baseline"
            return report.measured(data["results"], server, workers)
        return report.before_after(data["results"], workers)
    raise PluginError(f"unknown bench marker: {' '.join(arguments)}")


def tripwire_list() -> str:
    """One line per test in tests/test_tripwires.py: the first line of its docstring."""
    tree = ast.parse(TRIPWIRES.read_text())
    lines = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test_"
        ):
            doc = ast.get_docstring(node)
            if not doc:
                raise PluginError(f"{TRIPWIRES.name}::{node.name} has no docstring to list")
            lines.append(f"- {doc.splitlines()[0]} (`{node.name}`)")
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    def expand(match: re.Match[str]) -> str:
        marker = match.group(1)
        if marker == "tripwires":
            return tripwire_list()
        return bench_block(marker.removeprefix("bench:").split())

    expanded = MARKER.sub(expand, markdown)
    # A marker indented or followed by text would stay a comment: a table silently missing.
    stray = re.search(r"^\s*<!--\s*(bench:|tripwires).*$", expanded, re.MULTILINE)
    if stray:
        raise PluginError(f"{page.file.src_path}: marker not alone on its line: {stray.group(0)!r}")
    return expanded


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for page in sorted(site.rglob("*.html")):
        found = EXTERNAL.search(page.read_text(encoding="utf-8"))
        if found:
            raise PluginError(
                f"{page.relative_to(site)} loads from another host ({found.group(0)!r}): "
                "the docs must work offline"
            )
