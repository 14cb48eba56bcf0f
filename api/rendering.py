"""JSON in and out with orjson."""

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from ninja.parser import Parser
from ninja.renderers import BaseRenderer
from ninja.types import DictStrAny


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


def json_response(data: Any, *, status: int = 200) -> HttpResponse:
    """`data`, already in its documented shape, as the response the renderer above would give.

    Handlers build their responses from our own data (schemas/*_json functions) and return them
    through this, which skips Ninja's validation of the result against the response schema: that
    would only re-check what we just built. The schemas still document every response, and
    tests/api/test_wire.py checks that each real response validates and renders to the same
    bytes through them.
    """
    return HttpResponse(orjson.dumps(data), status=status, content_type=CONTENT_TYPE)
