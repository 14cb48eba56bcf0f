"""The breaking-change guard: within a major version the contract only grows.

openapi.json is compared with two earlier contracts:

- the released baseline: `baselines/openapi-<version>.json`, a copy of the contract as each
  version was released (`make openapi-baseline` adds one). The newest baseline of the current
  major version is the reference. This check means the same on any clone, CI's fresh clone of
  main included, and catches a break that lands over several commits.
- the contract as git last had it: on a branch, `openapi.json` at its merge base with main
  (what main had when the branch started); on main itself (CI), the previous commit's. This
  catches the removal of something added since the last release.

A deliberate break bumps the major version in pyproject.toml (info.version follows it): a
baseline of an older major version then no longer binds, and the new version's baseline starts
the next line.
"""

import copy
import subprocess

import pytest

from core.domain.version import VERSION
from tests.contract.spec import ROOT, Spec, incompatibilities

BASELINES = ROOT / "tests" / "contract" / "baselines"
CURRENT = Spec.load(ROOT / "openapi.json")


def released_baseline() -> Spec:
    """The newest released contract of the current major version."""
    same_major = [
        spec
        for spec in map(Spec.load, BASELINES.glob("openapi-*.json"))
        if spec.version[0] == CURRENT.version[0]
    ]
    assert same_major, f"no baseline for {VERSION}: run `make openapi-baseline` and commit it"
    return max(same_major, key=lambda spec: spec.version)


def _git(*args: str) -> str | None:
    try:
        run = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return None
    return run.stdout.strip() if run.returncode == 0 else None


def git_baseline() -> tuple[str, Spec]:
    """openapi.json at the merge base with main, or (on main) at the previous commit.

    Without such a commit (a shallow clone, the first commit) the released baseline stands in.
    """
    head = _git("rev-parse", "HEAD")
    base = _git("merge-base", "HEAD", "main")
    if base is None or base == head:
        base = _git("rev-parse", "--verify", "--quiet", "HEAD~1^{commit}")
    text = _git("show", f"{base}:openapi.json") if base else None
    if base is None or text is None:
        return "the released baseline (no earlier commit)", released_baseline()
    return base, Spec.parse(text)


def test_info_version_is_the_package_version():
    assert CURRENT.raw["info"]["version"] == VERSION


def test_nothing_released_in_this_major_version_is_broken():
    baseline = released_baseline()
    assert CURRENT.version >= baseline.version
    assert incompatibilities(baseline, CURRENT) == []


def test_nothing_the_previous_contract_had_is_broken():
    commit, baseline = git_baseline()
    if baseline.version[0] < CURRENT.version[0]:
        baseline = released_baseline()  # a deliberate major bump: the new line's baseline binds
    assert incompatibilities(baseline, CURRENT) == [], f"compared with openapi.json at {commit}"


# --- the guard itself: it fails on what breaks clients and lets the contract grow -------------


def _changed(edit) -> Spec:
    raw = copy.deepcopy(CURRENT.raw)
    edit(raw)
    return Spec(raw)


def _schemas(raw):
    return raw["components"]["schemas"]


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (
            lambda raw: raw["paths"]["/api/articles/feed"].pop("get"),
            "GET /api/articles/feed: operation removed",
        ),
        (
            lambda raw: _schemas(raw)["Profile"]["properties"].pop("following"),
            "GET /api/profiles/{username} 200.profile.following: field removed",
        ),
        (
            lambda raw: _schemas(raw)["ArticlePreview"]["required"].remove("favoritesCount"),
            "GET /api/articles 200.articles[].favoritesCount: no longer always present",
        ),
        (
            lambda raw: _schemas(raw)["Comment"]["properties"].update(id={"type": "string"}),
            "GET /api/articles/{slug}/comments 200.comments[].id: type ['integer'] became ['string']",
        ),
        (
            lambda raw: _schemas(raw)["User"]["properties"].update(
                username={"type": ["string", "null"]}
            ),
            "GET /api/user 200.user.username: type ['string'] became ['null', 'string']",
        ),
        (
            lambda raw: raw["paths"]["/api/tags"]["get"].update(operationId="ListTags"),
            "GET /api/tags: operationId GetTags became ListTags",
        ),
        (
            lambda raw: _schemas(raw)["NewArticle"]["required"].append("tagList"),
            "POST /api/articles request.article.tagList: newly required",
        ),
        (
            lambda raw: raw["paths"]["/api/articles"]["get"].update(security=[{"Token": []}]),
            "GET /api/articles: now requires a token",
        ),
        (
            lambda raw: raw["paths"]["/api/articles"]["get"]["parameters"].pop(),
            "GET /api/articles: query parameter 'favorited' removed",
        ),
    ],
    ids=[
        "operation",
        "response-field",
        "optional-field",
        "field-type",
        "new-null",
        "operation-id",
        "required-input",
        "auth",
        "parameter",
    ],
)
def test_the_guard_catches(edit, problem):
    assert problem in incompatibilities(CURRENT, _changed(edit))


def test_the_guard_lets_the_contract_grow():
    def grow(raw):
        raw["paths"]["/api/version"] = {"get": copy.deepcopy(raw["paths"]["/api/tags"]["get"])}
        raw["paths"]["/api/version"]["get"]["operationId"] = "GetVersion"
        _schemas(raw)["Article"]["properties"]["readingMinutes"] = {"type": "integer"}
        _schemas(raw)["Article"]["required"].append("readingMinutes")
        _schemas(raw)["NewArticle"]["properties"]["draft"] = {"type": "boolean"}
        raw["paths"]["/api/tags"]["get"]["responses"]["406"] = {"description": "Not acceptable"}

    assert incompatibilities(CURRENT, _changed(grow)) == []
