"""Our contract against the official RealWorld spec (v2.0.0, copied here as test data).

Any Conduit client written against the official spec must work against ours: every path,
method, status, parameter and field it relies on is there, with a compatible type.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.contract.spec import ROOT, Spec, incompatibilities

HERE = Path(__file__).parent
OFFICIAL = Spec.load(HERE / "realworld-openapi.yml")
OURS = Spec.load(ROOT / "openapi.json")
# The spec's server URL ends in /api; our paths start with it.
PREFIX = urlsplit(OFFICIAL.raw["servers"][0]["url"]).path.rstrip("/")


def test_the_official_spec_is_the_one_we_target():
    assert OFFICIAL.raw["info"]["version"] == "2.0.0"
    assert PREFIX == "/api"
    assert len(list(OFFICIAL.operations())) == 19


def test_every_official_operation_status_parameter_and_field_is_compatible():
    problems = incompatibilities(OFFICIAL, OURS, path_prefix=PREFIX, every_response_field=False)
    assert problems == []


@pytest.mark.parametrize(
    ("path", "method", "official"),
    [(path, method, op) for path, method, op in OFFICIAL.operations()],
    ids=[op["operationId"] for _, _, op in OFFICIAL.operations()],
)
def test_operation_keeps_the_official_id_tags_and_security(path, method, official):
    ours = OURS.operation(PREFIX + path, method)
    assert ours is not None
    assert ours["operationId"] == official["operationId"]
    assert ours["tags"] == official["tags"]
    if "security" in official:
        assert ours["security"] == official["security"] == [{"Token": []}]
    else:  # the official spec leaves optional auth undeclared; we declare it as optional
        assert ours.get("security") in (None, [{"Token": []}, {}])


def test_the_token_scheme_is_the_official_one():
    official = OFFICIAL.raw["components"]["securitySchemes"]["Token"]
    ours = OURS.raw["components"]["securitySchemes"]["Token"]
    assert {k: ours[k] for k in ("type", "in", "name")} == {
        k: official[k] for k in ("type", "in", "name")
    }


def test_the_check_catches_a_missing_field_and_a_narrowed_type():
    """The comparison can fail: a contract without Profile.following, and with a bio that can
    no longer be null in updates, is refused."""
    raw = OURS.raw | {"components": dict(OURS.raw["components"])}
    schemas = raw["components"]["schemas"] = dict(raw["components"]["schemas"])
    profile = schemas["Profile"] = dict(schemas["Profile"])
    profile["properties"] = {k: v for k, v in profile["properties"].items() if k != "following"}
    update = schemas["UpdateUser"] = dict(schemas["UpdateUser"])
    update["properties"] = update["properties"] | {"bio": {"type": "string"}}

    problems = incompatibilities(
        OFFICIAL, Spec(raw), path_prefix=PREFIX, every_response_field=False
    )

    assert "GET /api/profiles/{username} 200.profile.following: field removed" in problems
    assert "PUT /api/user request.user.bio: type ['null', 'string'] became ['string']" in problems
