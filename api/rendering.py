"""JSON in with orjson; out with orjson (Ninja's renderer) or straight from a response model."""

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from ninja.parser import Parser
from ninja.renderers import BaseRenderer
from ninja.types import DictStrAny

from schemas.common import Body, dump


class UnsupportedMediaType(Exception):
    """A request body that does not claim to be JSON."""


def _is_json(content_type: str) -> bool:
    # Only a body that says it is JSON: text/plain or none would let a foreign web page post to
    # login or register as a CORS "simple request" (no preflight asks us first).
    return content_type == "application/json" or content_type.endswith("+json")


class JSONParser(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        if not _is_json(request.content_type or ""):
            raise UnsupportedMediaType(request.content_type)
        data: DictStrAny = orjson.loads(request.body)
        return data


CONTENT_TYPE = "application/json; charset=utf-8"


class JSONRenderer(BaseRenderer):
    media_type = "application/json"
    charset = "utf-8"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return orjson.dumps(data)


def respond(model: type[Body], data: Any, *, status: int = 200) -> HttpResponse:
    """`data` (domain views, or a dict of them) as a response of the documented `model`.

    The model reads the views and pydantic-core writes the JSON bytes (schemas.common.dump).
    Returning the views to Ninja would validate them, dump them to dictionaries, then encode
    those with orjson: the same bytes, at more CPU (docs/performance.md).
    """
    return HttpResponse(dump(model, data), status=status, content_type=CONTENT_TYPE)
