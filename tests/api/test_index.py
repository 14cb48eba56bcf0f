"""`GET /api` and `/api/`: a JSON index pointing at the docs and the contract (was a 404)."""

import pytest

from tests.contract.spec import ROOT, Spec

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api", "/api/"])
async def test_the_api_root_is_an_index_of_the_docs(api, path):
    r = await api.get(path)
    assert r.status == 200
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    index = r.body
    assert index["name"] == "Conduit API"
    assert (index["docs"], index["redoc"], index["openapi"]) == (
        "/api/docs",
        "/api/redoc",
        "/api/openapi.json",
    )
    for link in ("docs", "redoc", "openapi", "health"):
        assert (await api.client.get(index[link])).status_code == 200, link


async def test_the_index_is_in_the_contract_as_it_answers(api):
    document = Spec.load(ROOT / "openapi.json").raw
    operation = document["paths"]["/api"]["get"]
    example = operation["responses"]["200"]["content"]["application/json"]["example"]
    answered = (await api.get("/api/")).body
    assert set(answered) == set(example)
    schema = document["components"]["schemas"]["ApiIndex"]
    assert set(schema["required"]) == set(answered)


@pytest.mark.parametrize("path", ["/api", "/api/"])
async def test_other_methods_on_the_index_are_json_405(api, path):
    r = await api.post(path, {})
    assert r.status == 405
    assert r.body == {"errors": {"method": ["POST is not allowed here"]}}
    assert {m.strip() for m in r.headers["Allow"].split(",")} >= {"GET"}
