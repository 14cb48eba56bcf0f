"""The examples of the OpenAPI document: one consistent story (Jake's dragon article).

Each schema names its example with `model_config = example(...)`; api/openapi.py composes the
example of every request and response body from them, and Spectral checks that each one is
valid against its schema.
"""

from typing import Any

from pydantic import ConfigDict

JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiIxIiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDI1OTIwMDAsInB3ZCI6IjNmYTgifQ."
    "5mhBHqs5_DTLdINd9p5m7ZJ6XD0Xc55kIaCRY5r6HRA"
)
CREATED_AT = "2016-02-18T03:22:56.637Z"
UPDATED_AT = "2016-02-18T03:48:35.824Z"

LOGIN_USER = {"email": "jake@jake.jake", "password": "jakejake"}
NEW_USER = {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}
UPDATE_USER = {"bio": "I like to skateboard", "image": "https://example.com/jake.jpg"}
USER = {
    "email": "jake@jake.jake",
    "token": JWT,
    "username": "jake",
    "bio": "I work at statefarm",
    "image": None,
}
PROFILE = {
    "username": "jake",
    "bio": "I work at statefarm",
    "image": "https://example.com/jake.jpg",
    "following": False,
}

NEW_ARTICLE = {
    "title": "How to train your dragon",
    "description": "Ever wonder how?",
    "body": "You have to believe",
    "tagList": ["dragons", "training"],
}
UPDATE_ARTICLE = {"title": "Did you train your dragon?"}
ARTICLE_PREVIEW = {
    "slug": "how-to-train-your-dragon",
    "title": "How to train your dragon",
    "description": "Ever wonder how?",
    "tagList": ["dragons", "training"],
    "createdAt": CREATED_AT,
    "updatedAt": UPDATED_AT,
    "favorited": False,
    "favoritesCount": 0,
    "author": PROFILE,
}
ARTICLE = {**ARTICLE_PREVIEW, "body": "It takes a Jacobian"}

NEW_COMMENT = {"body": "His name was my name too."}
COMMENT = {
    "id": 1,
    "createdAt": CREATED_AT,
    "updatedAt": CREATED_AT,
    "body": "It takes a Jacobian",
    "author": PROFILE,
}

TAGS = ["dragons", "training"]

EVENTS_TICKET = {"ticket": "Jt0f5Yk3mS4nqv1Qw8eR2xZpL6cB9dHa", "expiresIn": 30}
ARTICLE_EVENT = {"article": ARTICLE_PREVIEW, "previousSlug": None}
ARTICLE_DELETED_EVENT = {"slug": "how-to-train-your-dragon"}
FAVORITES_EVENT = {"slug": "how-to-train-your-dragon", "favoritesCount": 3}
COMMENT_EVENT = {"slug": "how-to-train-your-dragon", "comment": COMMENT}
COMMENT_DELETED_EVENT = {"slug": "how-to-train-your-dragon", "id": 1}
FOLLOW_EVENT = {"profile": {**PROFILE, "following": True}}
RESET_EVENT = {"reason": "events since then are not kept"}

ERROR = {"errors": {"title": ["can't be blank"]}}

LIVENESS = {"status": "ok"}
CHECK_OK = {"status": "ok", "detail": None}
READINESS_CHECKS: dict[str, Any] = {
    "database": CHECK_OK,
    "cache": {"status": "unavailable", "detail": "ConnectionError: Connection refused"},
    "channel_layer": CHECK_OK,
}
READINESS = {"status": "degraded", "checks": READINESS_CHECKS}


def example(value: dict[str, Any], **schema: Any) -> ConfigDict:
    """The `model_config` that documents a schema with one example (and any other JSON schema
    keywords, e.g. `minProperties=1`)."""
    return ConfigDict(json_schema_extra={"examples": [value], **schema})


API_INDEX = {
    "name": "Conduit API",
    "version": "1.0.0",
    "spec": "https://realworld-docs.netlify.app/",
    "docs": "/api/docs",
    "redoc": "/api/redoc",
    "openapi": "/api/openapi.json",
    "health": "/api/health",
    "events": "/api/events",
}
