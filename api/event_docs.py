"""`GET /api/events` in the OpenAPI document.

The stream is an ASGI app beside Django (api/event_stream.py), so Ninja does not see it: this
documents it as Ninja would, and adds the event payload schemas (schemas/events.py) to
`components`, so generated clients get a type for every event.
"""

from typing import Any

import orjson

from api.event_stream import PATH
from core.domain.events.topics import MAX_TOPICS, SLUG_CHARACTER
from core.domain.limits import SLUG_MAX
from schemas import examples
from schemas.events import EVENT_SCHEMAS

type Json = dict[str, Any]

_REF = "#/components/schemas/"
_ERROR = {"application/json": {"schema": {"$ref": _REF + "GenericErrorModel"}}}

DESCRIPTION = f"""\
A stream of live events (Server-Sent Events): the server keeps the response open and writes
each event as `id:`, `event:` (its name) and one `data:` line of JSON, whose schema per event
name is:

{{events}}

The stream starts with a `retry:` hint (milliseconds before reconnecting) and carries a
comment line (`: ping`) at least every 15 seconds. When it ends, reconnect with the last id
received (the `Last-Event-ID` header, which `EventSource` sends by itself, or `lastEventId`):
every event missed on the same topics comes first, then the live ones, each exactly once. A
`reset` event means the events since that id are no longer kept (24 h by default), or that the
id is ahead of the newest event (the server's events were reset); its `reason` says which:
reload your data, then continue from the reset's id.

Topics (up to {MAX_TOPICS}): `articles` (every public event), `article:<slug>` (one article:
updates, comments, favorites count, deletion), `feed` (new articles by the users you follow;
auth required) and `user` (your follows and unfollows; auth required). Authenticate with the
`Authorization` header, or with a ticket from `POST /api/events/ticket` (for `EventSource`,
which cannot send headers). The same stream is available over a WebSocket at `/ws/events`."""


def _events_table() -> str:
    return "\n".join(f"- `{name}`: `{model.__name__}`" for name, model in EVENT_SCHEMAS.items())


_TOPIC = f"(articles|feed|user|article:{SLUG_CHARACTER}{{1,{SLUG_MAX}}})"
# As sent back by clients: digits, or empty for none.
_ID = {"type": "string", "pattern": "^[0-9]{0,18}$"}


def _parameters() -> list[Json]:
    return [
        {
            "name": "topics",
            "in": "query",
            "required": True,
            "description": "Comma-separated topics: `articles`, `article:<slug>`, `feed`, `user`.",
            "schema": {
                "type": "string",
                "pattern": f"^{_TOPIC}(,{_TOPIC}){{0,{MAX_TOPICS - 1}}}$",
            },
            "example": "articles,feed",
        },
        {
            "name": "lastEventId",
            "in": "query",
            "required": False,
            "description": "Resume after this event id (the `Last-Event-ID` header wins).",
            "schema": _ID,
        },
        {
            "name": "Last-Event-ID",
            "in": "header",
            "required": False,
            "description": "Resume after this event id (sent by `EventSource` on reconnects).",
            "schema": _ID,
        },
        {
            "name": "ticket",
            "in": "query",
            "required": False,
            "description": "A single-use ticket from `POST /api/events/ticket`.",
            "schema": {"type": "string", "maxLength": 64},
        },
    ]


def add_event_stream(document: Json) -> None:
    """Add the `GET /api/events` operation and the event schemas it refers to."""
    schemas = document["components"]["schemas"]
    for model in EVENT_SCHEMAS.values():
        schema = model.model_json_schema(ref_template=_REF + "{model}", mode="serialization")
        for name, nested in schema.pop("$defs", {}).items():
            schemas.setdefault(name, nested)
        schemas.setdefault(model.__name__, schema)
    payloads = sorted({model.__name__ for model in EVENT_SCHEMAS.values()})
    schemas["EventData"] = {
        "title": "EventData",
        "description": "The `data` of an event: its schema follows from the event's name.",
        "anyOf": [{"$ref": _REF + name} for name in payloads],
    }
    schemas["EventName"] = {
        "title": "EventName",
        "description": "What happened; it names the schema of the event's `data`.",
        "type": "string",
        "enum": list(EVENT_SCHEMAS),
    }
    schemas["ServerSentEvent"] = {
        "title": "ServerSentEvent",
        "description": "One event of the stream, as its `id:`, `event:` and `data:` lines.",
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": "^[0-9]+$", "description": "The event id."},
            "event": {"$ref": _REF + "EventName"},
            "data": {
                "type": "string",
                "description": "JSON: `EventData`, by `event`.",
                "contentMediaType": "application/json",
                "contentSchema": {"$ref": _REF + "EventData"},
            },
        },
        "required": ["id", "event", "data"],
        "examples": [
            {
                "id": "42",
                "event": "article.created",
                "data": orjson.dumps(examples.ARTICLE_EVENT).decode(),
            }
        ],
    }
    document["paths"][PATH] = {
        "get": {
            "operationId": "StreamEvents",
            "summary": "Stream live events (Server-Sent Events)",
            "description": DESCRIPTION.format(events=_events_table()),
            "tags": ["Events"],
            "parameters": _parameters(),
            "security": [{"Token": []}, {}],
            "responses": {
                200: {
                    "description": "The event stream (`text/event-stream`); each event's `data`.",
                    "content": {
                        "text/event-stream": {
                            "schema": {"$ref": _REF + "ServerSentEvent"},
                        }
                    },
                },
                401: {"description": "Unauthorized", "content": _ERROR},
                403: {"description": "Forbidden: the account is suspended", "content": _ERROR},
                422: {"description": "Unprocessable Content", "content": _ERROR},
                503: {"description": "Service unavailable", "content": _ERROR},
            },
        }
    }
