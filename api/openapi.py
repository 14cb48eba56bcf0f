"""The OpenAPI contract as published: Ninja's document, refined, and the pages that show it.

Ninja writes a correct document; `refine` makes it one that client generators and readers
enjoy, in one place rather than in every router:

- optional auth is documented as the RealWorld spec does it: `[{"Token": []}, {}]`;
- every error status refers to its named response (`#/components/responses/NotFound`), declared
  once in api/responses.py with a description and an example;
- every request and response body has an example, composed from the schemas' own examples
  (schemas/examples.py), so the docs' "Try it out" starts from a valid body;
- a nullable field is `{"type": ["string", "null"]}` (generators: `string | null`), a query
  parameter is never nullable, and Pydantic's property titles ("Taglist") are dropped;
- schemas that nothing refers to (the query parameter models) are left out;
- the statuses any operation can give whatever its handler does: 429 (rate limits) and 503
  (database unreachable) with `Retry-After`, and for operations with a body 413 and 415;
- links between operations (the slug a create returns names the article to read, update,
  delete, favorite or comment on), which clients and stateful fuzzers follow.

`refine` fails loudly when a body has no example or an error status has no named response:
the document is generated in the tests (`manage.py openapi --check`), so a gap fails them.
"""

from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from ninja.openapi.docs import Redoc, Swagger

from api import csp
from api.event_docs import add_event_stream
from api.responses import ERRORS

type Json = dict[str, Any]

SCHEMA_REF = "#/components/schemas/"
RESPONSE_REF = "#/components/responses/"

INFO = {
    "contact": {"name": "RealWorld", "url": "https://realworld-docs.netlify.app/"},
    "license": {"name": "MIT", "identifier": "MIT"},
}
SERVERS = [{"url": "/", "description": "The server that serves this document"}]
TAGS = [
    {
        "name": "Index",
        "description": "Where the docs and this document are (not part of RealWorld).",
    },
    {
        "name": "User and Authentication",
        "description": "Register, log in (both give a token), read and update the current user.",
    },
    {"name": "Profile", "description": "Public profiles; follow and unfollow their users."},
    {
        "name": "Articles",
        "description": "Articles: the global list with filters, the feed of followed authors, "
        "and writing your own.",
    },
    {"name": "Comments", "description": "Comments on an article."},
    {"name": "Favorites", "description": "Favorite and unfavorite an article."},
    {"name": "Tags", "description": "The tags in use."},
    {
        "name": "Events",
        "description": "Live updates: a stream of events (SSE; also over a WebSocket at "
        "`/ws/events`) and the tickets that open it from a browser.",
    },
    {"name": "Health", "description": "Liveness and readiness probes (not part of RealWorld)."},
]

# The docs pages are served from the app's own static files (Ninja's Swagger UI and Redoc
# bundles, "ninja" being in INSTALLED_APPS), so they work offline. Their Content-Security-Policy
# (api/csp.py DOCS) keeps them that way: the browser loads nothing from elsewhere (Redoc's bundle
# would fetch its logo from a CDN; Swagger UI would call swagger.io's validator without
# `validatorUrl: null`).
SWAGGER = Swagger(
    settings={
        "persistAuthorization": True,
        "displayOperationId": True,
        "displayRequestDuration": True,
        "validatorUrl": None,
    }
)


class _Redoc(Redoc):
    template = "docs/redoc.html"  # Ninja's, with the inline start-up script moved to a file


REDOC = _Redoc(settings={"expandResponses": "200,201"})


def docs_page[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """The docs views (and openapi.json) with the docs' Content-Security-Policy."""

    @wraps(view)
    def with_policy(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        response = view(*args, **kwargs)
        response["Content-Security-Policy"] = csp.DOCS
        return response

    return with_policy


def refine(document: Json) -> None:
    """Turn Ninja's document into the published contract (see the module docstring)."""
    _merge_optional_auth(document)
    _index_without_slash(document)
    add_event_stream(document)  # an ASGI app beside Django, documented as Ninja would
    _add_edge_responses(document)
    _name_error_responses(document)
    _add_retry_after(document)
    _add_links(document)
    _simplify_schemas(document)
    _add_examples(document)
    _name_reports(document)
    _prune_unused_schemas(document)


def _index_without_slash(document: Json) -> None:
    """The index (api/index.py) is documented at `/api`, the spelling without a trailing slash
    (a path-style rule of the contract's linter); `/api/` answers the same."""
    paths = document["paths"]
    if "/api/" in paths:
        document["paths"] = {("/api" if k == "/api/" else k): v for k, v in paths.items()}


def operations(document: Json) -> Iterator[Json]:
    for path_item in document["paths"].values():
        yield from path_item.values()


def _merge_optional_auth(document: Json) -> None:
    """Document optional auth as the spec does: the Token scheme, or nothing."""
    for operation in operations(document):
        if operation.get("security") == [{"OptionalToken": []}]:
            operation["security"] = [{"Token": []}, {}]
    document["components"].get("securitySchemes", {}).pop("OptionalToken", None)


_HEALTH = "/api/health"
_ERROR_BODY = {"application/json": {"schema": {"$ref": SCHEMA_REF + "GenericErrorModel"}}}


def _add_edge_responses(document: Json) -> None:
    """Statuses that come from the edges of the app (middleware, rate limits, the database),
    not from the handler: documented on every operation they can reach."""
    edges = {429: "Too many requests", 503: "Service unavailable"}
    for path, path_item in document["paths"].items():
        for operation in path_item.values():
            statuses = {} if path.startswith(_HEALTH) else dict(edges)
            if "requestBody" in operation:
                statuses |= {413: "Content too large", 415: "Unsupported media type"}
            for code, description in statuses.items():
                operation["responses"].setdefault(
                    code, {"description": description, "content": _ERROR_BODY}
                )
            operation["responses"] = dict(
                sorted(operation["responses"].items(), key=lambda item: int(item[0]))
            )


# Error statuses whose body is a report rather than the error shape, named on their own.
REPORTS = {("GetReadiness", 503): ("NotReady", "A dependency failed; the report says which.")}


def _name_reports(document: Json) -> None:
    for operation in operations(document):
        for status, response in operation["responses"].items():
            named = REPORTS.get((operation["operationId"], int(status)))
            if named is not None and "$ref" not in response:
                name, description = named
                document["components"].setdefault("responses", {})[name] = {
                    **response,
                    "description": description,
                }
                operation["responses"][status] = {"$ref": RESPONSE_REF + name}


def _add_retry_after(document: Json) -> None:
    for code in (429, 503):
        name = ERRORS[code].name
        if name in document["components"].get("responses", {}):
            document["components"]["responses"][name]["headers"] = {"Retry-After": RETRY_AFTER}


RETRY_AFTER = {
    "description": "Seconds to wait before retrying.",
    "schema": {"type": "integer", "minimum": 1},
}

_ARTICLE_SLUG = {"slug": "$response.body#/article/slug"}
_ARTICLE_LINKS = {
    name: _ARTICLE_SLUG
    for name in (
        "GetArticle",
        "UpdateArticle",
        "DeleteArticle",
        "CreateArticleFavorite",
        "DeleteArticleFavorite",
        "GetArticleComments",
        "CreateArticleComment",
    )
}
_PROFILE_LINKS = {
    name: {"username": "$response.body#/user/username"}
    for name in ("GetProfileByUsername", "FollowUserByUsername", "UnfollowUserByUsername")
}
# operationId → status → {target operationId: {parameter: runtime expression}}
LINKS: dict[str, dict[str, dict[str, dict[str, str]]]] = {
    "CreateArticle": {"201": _ARTICLE_LINKS},
    "UpdateArticle": {"200": _ARTICLE_LINKS},
    "CreateArticleComment": {
        "201": {
            "DeleteArticleComment": {
                "slug": "$request.path.slug",
                "id": "$response.body#/comment/id",
            }
        }
    },
    "CreateUser": {"201": _PROFILE_LINKS},
}


def _add_links(document: Json) -> None:
    for operation in operations(document):
        for status, targets in LINKS.get(operation["operationId"], {}).items():
            response = operation["responses"][
                next(s for s in operation["responses"] if str(s) == status)
            ]
            response["links"] = {
                target: {"operationId": target, "parameters": parameters}
                for target, parameters in targets.items()
            }


def _name_error_responses(document: Json) -> None:
    named: dict[int, Json] = {}
    for operation in operations(document):
        responses = operation["responses"]
        for status in list(responses):
            code = int(status)
            if code < 400 or not _is_error_body(responses[status]):
                continue  # e.g. the readiness probe's 503, which carries its own report
            error = ERRORS.get(code)
            if error is None:
                raise ImproperlyConfigured(
                    f"{operation['operationId']} documents {code}: name it in api.responses.ERRORS"
                )
            content = {
                media_type: {"schema": media["schema"], "example": {"errors": error.example}}
                for media_type, media in responses[status]["content"].items()
            }
            if named.setdefault(code, content) != content:
                raise ImproperlyConfigured(f"{code} has different bodies in different operations")
            responses[status] = {"$ref": RESPONSE_REF + error.name}
    if named:
        document["components"]["responses"] = {
            ERRORS[code].name: {"description": ERRORS[code].description, "content": content}
            for code, content in sorted(named.items())
        }


def _is_error_body(response: Json) -> bool:
    return all(
        media["schema"] == {"$ref": SCHEMA_REF + "GenericErrorModel"}
        for media in response.get("content", {}).values()
    )


def _simplify_schemas(document: Json) -> None:
    for schema in document["components"]["schemas"].values():
        _simplify(schema)
    for operation in operations(document):
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            _simplify(schema)
            schema.pop("title", None)
            # A query string cannot carry a null: an optional parameter is simply absent.
            if isinstance(schema.get("type"), list):
                schema["type"] = next(kind for kind in schema["type"] if kind != "null")
            if schema.get("description") == parameter.get("description"):
                schema.pop("description", None)


def _simplify(schema: Any) -> None:
    if isinstance(schema, list):
        for item in schema:
            _simplify(item)
        return
    if not isinstance(schema, dict):
        return
    variants = schema.get("anyOf")
    if variants and len(variants) == 2 and {"type": "null"} in variants:
        (other,) = (variant for variant in variants if variant != {"type": "null"})
        if isinstance(other.get("type"), str):
            del schema["anyOf"]
            schema.update(other, type=[other["type"], "null"])
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)
    for value in schema.values():
        _simplify(value)


def _add_examples(document: Json) -> None:
    schemas = document["components"]["schemas"]
    for schema in schemas.values():
        if "examples" in schema:
            schema["examples"] = [_in_field_order(ex, schema, schemas) for ex in schema["examples"]]
    for operation in operations(document):
        bodies = [operation.get("requestBody"), *operation["responses"].values()]
        for body in bodies:
            for media in (body or {}).get("content", {}).values():
                where = operation["operationId"]
                media.setdefault("example", _example(media["schema"], schemas, where))


def _example(schema: Json, schemas: Json, where: str) -> Any:
    """A schema's example, or one built from the examples of its parts."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(SCHEMA_REF)
        return _example(schemas[name], schemas, name)
    if "examples" in schema:
        return schema["examples"][0]
    if "anyOf" in schema:
        return _example(schema["anyOf"][0], schemas, where)
    if "properties" in schema:
        return {
            name: _example(prop, schemas, f"{where}.{name}")
            for name, prop in schema["properties"].items()
        }
    if "items" in schema:
        return [_example(schema["items"], schemas, f"{where}[]")]
    raise ImproperlyConfigured(f"{where} has no example: give its schema one (schemas/examples.py)")


def _in_field_order(value: Any, schema: Json, schemas: Json) -> Any:
    """An example with its keys in the schema's field order, as on the wire (Pydantic sorts
    the keys of the examples it writes)."""
    if "$ref" in schema:
        schema = schemas[schema["$ref"].removeprefix(SCHEMA_REF)]
    if isinstance(value, dict) and "properties" in schema:
        order = {name: position for position, name in enumerate(schema["properties"])}
        return {
            name: _in_field_order(value[name], schema["properties"].get(name, {}), schemas)
            for name in sorted(value, key=lambda name: order.get(name, len(order)))
        }
    if isinstance(value, list) and "items" in schema:
        return [_in_field_order(item, schema["items"], schemas) for item in value]
    return value


def _prune_unused_schemas(document: Json) -> None:
    schemas = document["components"]["schemas"]
    used: set[str] = set()
    others = {kind: items for kind, items in document["components"].items() if kind != "schemas"}
    pending = _schema_refs(document["paths"]) | _schema_refs(others)
    while pending:
        name = pending.pop()
        if name not in used:
            used.add(name)
            pending |= _schema_refs(schemas[name])
    document["components"]["schemas"] = {
        name: schema for name, schema in schemas.items() if name in used
    }


def _schema_refs(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_schema_refs(item) for item in node))
    if not isinstance(node, dict):
        return set()
    found = set().union(*(_schema_refs(value) for value in node.values()))
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
        found.add(ref.removeprefix(SCHEMA_REF))
    return found
