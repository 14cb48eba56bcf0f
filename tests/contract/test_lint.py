"""Spectral: the contract is lint-clean, and each project rule catches what it is there for."""

import copy
import json

import pytest
import yaml

from tests.contract.node import CLIENTS, run_node_tool
from tests.contract.spec import ROOT

RULESET = CLIENTS / "spectral.yaml"
PROJECT_RULES = {
    name for name, rule in yaml.safe_load(RULESET.read_text())["rules"].items()
    if isinstance(rule, dict)
}  # fmt: skip


def _broken(document):
    """The contract with one violation of each project rule."""
    doc = copy.deepcopy(document)
    paths, schemas = doc["paths"], doc["components"]["schemas"]
    paths["/api/users/login"]["post"]["operationId"] = "login"
    del paths["/api/user"]["get"]["summary"]
    paths["/api/articles"]["get"]["parameters"][2].pop("description")
    paths["/api/user"]["get"]["responses"]["401"] = doc["components"]["responses"]["Unauthorized"]
    del paths["/api/user"]["put"]["responses"]["401"]
    del paths["/api/profiles/{username}"]["get"]["responses"]["404"]
    del paths["/api/articles"]["post"]["responses"]["422"]
    del paths["/api/articles"]["post"]["requestBody"]["content"]["application/json"]["example"]
    del paths["/api/tags"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    paths["/api/articles/{slug}"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ] = schemas["SingleArticleResponse"]
    schemas["GenericErrorModel"]["properties"]["errors"] = schemas.pop("ErrorMessages")
    return doc


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Spectral's findings, by document: our contract and a broken copy of it, in one run."""
    broken = tmp_path_factory.mktemp("lint") / "broken.json"
    broken.write_text(json.dumps(_broken(json.loads((ROOT / "openapi.json").read_text()))))
    run = run_node_tool(
        "spectral", "lint", ROOT / "openapi.json", broken, "--ruleset", RULESET, "-f", "json", "-q"
    )
    assert run.returncode in (0, 1), run.stderr
    found = json.loads(run.stdout)
    return {
        "contract": [r for r in found if r["source"] == str(ROOT / "openapi.json")],
        "broken": [r for r in found if r["source"] == str(broken)],
    }


def test_the_contract_has_no_error_and_no_warning(results):
    assert [(r["code"], ".".join(map(str, r["path"]))) for r in results["contract"]] == []


def test_each_project_rule_catches_its_violation(results):
    assert sorted(PROJECT_RULES) == [
        "body-schema-named", "error-response-named", "input-documents-422",
        "no-inline-object-schema", "operation-id-pascal-case", "operation-summary-present",
        "parameter-description-present", "path-parameter-documents-404",
        "request-body-example-present", "response-body-example-present",
        "secured-operation-documents-401",
    ]  # fmt: skip
    fired = {r["code"] for r in results["broken"] if r["severity"] == 0}  # 0: error
    assert sorted(PROJECT_RULES - fired) == []
