"""The published OpenAPI document: what api/openapi.py promises about it."""

import copy
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI

from api import openapi
from api.app import api as conduit_api
from api.responses import ERRORS
from tests.contract.spec import ROOT, Spec

DOCUMENT = json.loads((ROOT / "openapi.json").read_text())
SPEC = Spec(DOCUMENT)


def _operation(operation_id):
    return next(op for _, _, op in SPEC.operations() if op["operationId"] == operation_id)


def _unrefined():
    """The document as Ninja generates it, before api/openapi.py refines it."""
    return NinjaAPI.get_openapi_schema(conduit_api)


def _request_example(operation_id):
    return _operation(operation_id)["requestBody"]["content"]["application/json"]["example"]


@pytest.mark.django_db
async def test_the_served_document_is_the_committed_one(api):
    r = await api.get("/api/openapi.json")
    assert r.status == 200
    assert r.body == DOCUMENT


def test_every_error_status_is_a_named_response_with_its_example():
    named = DOCUMENT["components"]["responses"]
    for _, _, operation in SPEC.operations():
        for status, response in operation["responses"].items():
            report = openapi.REPORTS.get((operation["operationId"], int(status)))
            if report is not None:  # the readiness probe's 503 carries its report
                assert response == {"$ref": f"#/components/responses/{report[0]}"}
                content = named[report[0]]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Readiness"}
            elif int(status) >= 400:
                name = ERRORS[int(status)].name
                assert response == {"$ref": f"#/components/responses/{name}"}
                content = named[name]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/GenericErrorModel"}
                assert content["example"] == {"errors": ERRORS[int(status)].example}


def test_nullable_fields_are_type_lists():
    schemas = DOCUMENT["components"]["schemas"]
    for schema in ("User", "Profile", "UpdateUser"):
        for field in ("bio", "image"):
            assert schemas[schema]["properties"][field]["type"] == ["string", "null"]
    # The one union is on purpose: an event's data, whose schema its event name selects.
    others = {name: schema for name, schema in DOCUMENT["components"]["schemas"].items()}
    assert others.pop("EventData")["anyOf"]
    assert "anyOf" not in json.dumps({**DOCUMENT, "components": {"schemas": others}})


def test_components_hold_only_what_operations_use():
    schemas = set(DOCUMENT["components"]["schemas"])
    assert {"PageParams", "ArticleFilters"}.isdisjoint(schemas)
    assert schemas == {
        "Article", "ArticlePreview", "Comment", "ErrorMessages", "GenericErrorModel",
        "LoginUser", "LoginUserRequest", "MultipleArticlesResponse", "MultipleCommentsResponse",
        "NewArticle", "NewArticleRequest", "NewComment", "NewCommentRequest", "NewUser",
        "NewUserRequest", "Profile", "ProfileResponse", "SingleArticleResponse",
        "SingleCommentResponse", "TagsResponse", "UpdateArticle", "UpdateArticleRequest",
        "UpdateUser", "UpdateUserRequest", "User", "UserResponse",
        "Liveness", "Readiness", "ReadinessStatus", "ReadinessChecks", "CheckResult", "CheckStatus",
        "EventsTicketResponse", "EventData", "ArticleEvent", "ArticleDeletedEvent",
        "FavoritesEvent", "CommentEvent", "CommentDeletedEvent", "FollowEvent", "ResetEvent",
        "ServerSentEvent", "EventName", "ApiIndex",
    }  # fmt: skip


def test_every_operation_declares_its_security():
    public = {"Login", "CreateUser", "GetTags", "GetLiveness", "GetReadiness", "GetApiIndex"}
    optional = {
        "GetProfileByUsername",
        "GetArticles",
        "GetArticle",
        "GetArticleComments",
        "StreamEvents",
    }
    for _, _, operation in SPEC.operations():
        expected: list[dict[str, list[str]]] | None = (
            None
            if operation["operationId"] in public
            else [{"Token": []}, {}]
            if operation["operationId"] in optional
            else [{"Token": []}]
        )
        assert operation.get("security") == expected, operation["operationId"]
    assert set(DOCUMENT["components"]["securitySchemes"]) == {"Token"}


def test_an_error_status_without_a_name_stops_the_generation():
    document = _unrefined()
    responses = document["paths"]["/api/tags"]["get"]["responses"]
    responses[418] = copy.deepcopy(responses[422])
    with pytest.raises(ImproperlyConfigured, match="GetTags documents 418"):
        openapi.refine(document)


def test_a_body_without_an_example_stops_the_generation():
    document = _unrefined()
    del document["components"]["schemas"]["TagsResponse"]["properties"]["tags"]["examples"]
    with pytest.raises(ImproperlyConfigured, match=r"TagsResponse\.tags\[\] has no example"):
        openapi.refine(document)


@pytest.mark.django_db(transaction=True)
async def test_the_documented_request_examples_are_accepted(api):
    """What the docs' "Try it out" starts from works, in the order a client would send it."""
    with_body = {op["operationId"] for _, _, op in SPEC.operations() if "requestBody" in op}
    assert with_body == {
        "CreateUser", "Login", "UpdateCurrentUser", "CreateArticle", "UpdateArticle",
        "CreateArticleComment",
    }  # fmt: skip

    r = await api.post("/api/users", _request_example("CreateUser"))
    assert r.status == 201, r.body
    r = await api.post("/api/users/login", _request_example("Login"))
    assert r.status == 200, r.body
    token = r.body["user"]["token"]
    r = await api.put("/api/user", _request_example("UpdateCurrentUser"), token=token)
    assert r.status == 200, r.body
    r = await api.post("/api/articles", _request_example("CreateArticle"), token=token)
    assert r.status == 201, r.body
    slug = r.body["article"]["slug"]
    r = await api.post(
        f"/api/articles/{slug}/comments", _request_example("CreateArticleComment"), token=token
    )
    assert r.status == 201, r.body
    r = await api.put(f"/api/articles/{slug}", _request_example("UpdateArticle"), token=token)
    assert r.status == 200, r.body
