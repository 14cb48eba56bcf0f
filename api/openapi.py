"""What the generated OpenAPI document needs beyond what Ninja derives from the routes.

- The responses every operation can give whatever its handler does: 429 (rate limits), 503
  (database unreachable), and for operations with a body 413 (too large) and 415 (not JSON).
- Links between operations (the slug a create returns names the article to read, update, delete,
  favorite or comment on), which clients and stateful fuzzers follow.
"""

from typing import Any

from ninja.openapi.schema import OpenAPISchema

ERROR_REF = {"$ref": "#/components/schemas/GenericErrorModel"}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer", "minimum": 1},
    }
}
_HEALTH = ("/api/health",)


def _error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": ERROR_REF}},
    }
    if headers:
        response["headers"] = headers
    return response


TOO_LARGE = _error("The request body is larger than the server accepts (1 MiB by default).")
NOT_JSON = _error("The request body is not JSON (send Content-Type: application/json).")
TOO_MANY = _error(
    "Too many requests from this client, or too many attempts on one account: retry after the "
    "number of seconds in Retry-After.",
    RETRY_AFTER,
)
UNAVAILABLE = _error(
    "The database is unreachable: retry after the number of seconds in Retry-After.", RETRY_AFTER
)

_ARTICLE_SLUG = {"slug": "$response.body#/article/slug"}
_ARTICLE_LINKS = {
    "GetArticle": _ARTICLE_SLUG,
    "UpdateArticle": _ARTICLE_SLUG,
    "DeleteArticle": _ARTICLE_SLUG,
    "CreateArticleFavorite": _ARTICLE_SLUG,
    "DeleteArticleFavorite": _ARTICLE_SLUG,
    "GetArticleComments": _ARTICLE_SLUG,
    "CreateArticleComment": _ARTICLE_SLUG,
}
_PROFILE_LINKS = {
    name: {"username": "$response.body#/user/username"}
    for name in ("GetProfileByUsername", "FollowUserByUsername", "UnfollowUserByUsername")
}
# operationId → status → {target operationId: {parameter: runtime expression}}
LINKS: dict[str, dict[int, dict[str, dict[str, str]]]] = {
    "CreateArticle": {201: _ARTICLE_LINKS},
    "UpdateArticle": {200: _ARTICLE_LINKS},
    "CreateArticleComment": {
        201: {
            "DeleteArticleComment": {
                "slug": "$request.path.slug",
                "id": "$response.body#/comment/id",
            }
        }
    },
    "CreateUser": {201: _PROFILE_LINKS},
}


SHARED = {
    "PayloadTooLarge": TOO_LARGE,
    "UnsupportedMediaType": NOT_JSON,
    "TooManyRequests": TOO_MANY,
    "ServiceUnavailable": UNAVAILABLE,
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/responses/{name}"}


def complete(schema: OpenAPISchema) -> None:
    schema["components"]["responses"] = SHARED
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            responses = operation["responses"]
            if not path.startswith(_HEALTH):
                responses.setdefault(429, _ref("TooManyRequests"))
                responses.setdefault(503, _ref("ServiceUnavailable"))
            if "requestBody" in operation:
                responses.setdefault(413, _ref("PayloadTooLarge"))
                responses.setdefault(415, _ref("UnsupportedMediaType"))
            for status, targets in LINKS.get(operation.get("operationId", ""), {}).items():
                responses[status]["links"] = {
                    target: {"operationId": target, "parameters": parameters}
                    for target, parameters in targets.items()
                }
            operation["responses"] = dict(sorted(responses.items(), key=lambda item: int(item[0])))
