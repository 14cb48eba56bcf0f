"""The README and the documentation site stay true: links resolve, every setting is documented.

The site itself (docs/) is built strictly by `make docs`, which fails on a broken internal link or
anchor; the README lives outside it, so its links are checked here.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SETTINGS = ROOT / "core" / "config" / "settings.py"
CONFIGURATION = ROOT / "docs" / "configuration.md"

# [text](target) and ![alt](target); targets with a scheme (https:, mailto:) are not ours.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
ENV_READERS = {"env_str", "env_int", "env_float", "env_bool", "env_list"}


def anchors(markdown: str) -> set[str]:
    """The ids MkDocs (Python-Markdown's toc) gives a page's headings."""
    found = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*$", markdown, re.MULTILINE):
        text = re.sub(r"[`*_]", "", heading).lower()
        text = re.sub(r"[^\w\s-]", "", text)
        found.add(re.sub(r"[\s-]+", "-", text).strip("-"))
    return found


def test_readme_relative_links_resolve() -> None:
    targets = LINK.findall(README.read_text())
    local = [t for t in targets if not re.match(r"^[a-z][a-z0-9+.-]*:", t)]
    assert local, "the README links to the docs pages"
    for target in local:
        path, _, anchor = target.partition("#")
        resolved = (README.parent / path) if path else README
        assert resolved.exists(), f"README links to {target}, which does not exist"
        if anchor and resolved.suffix == ".md":
            assert anchor in anchors(resolved.read_text()), (
                f"README links to {target}: no such heading"
            )


def test_readme_stays_short() -> None:
    """A newcomer's page: what it is, the two commands, a picture, links. The rest is in docs/."""
    assert len(README.read_text().splitlines()) <= 150


def settings_variables() -> set[str]:
    """Every environment variable core/config/settings.py reads."""
    names = set()
    for node in ast.walk(ast.parse(SETTINGS.read_text())):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        reader = (isinstance(func, ast.Name) and func.id in ENV_READERS) or (
            isinstance(func, ast.Attribute)
            and func.attr == "get"
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "environ"
        )
        first = node.args[0]
        if reader and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def test_every_setting_is_documented() -> None:
    variables = settings_variables()
    assert {"DATABASE_URL", "SECRET_KEY", "RATE_LIMIT_CLIENT"} <= variables  # the scan works
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", CONFIGURATION.read_text()))
    missing = sorted(variables - documented)
    assert not missing, f"docs/configuration.md does not name {missing}"
