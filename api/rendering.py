"""JSON in and out with orjson."""

from typing import Any

import orjson
from django.http import HttpRequest
from ninja.parser import Parser
from ninja.renderers import BaseRenderer
from ninja.types import DictStrAny


class UnsupportedMediaType(Exception):
    """A request body that does not claim to be JSON."""


def _is_json(content_type: str) -> bool:
    # text/plain is accepted because some fetch() clients send JSON as a "simple" request.
    return content_type in {"", "application/json", "text/plain"} or content_type.endswith("+json")


class JSONParser(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        if not _is_json(request.content_type or ""):
            raise UnsupportedMediaType(request.content_type)
        data: DictStrAny = orjson.loads(request.body)
        return data


class JSONRenderer(BaseRenderer):
    media_type = "application/json"
    charset = "utf-8"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return orjson.dumps(data)
