"""The client address is read once, the same way for REST (Django) and the event streams (raw
ASGI): every X-Forwarded-For line, joined with commas as Django joins repeated headers, counted
TRUSTED_PROXY_COUNT hops from the right; with 0 the header is ignored, whoever sends it."""

import io

import pytest
from django.core.handlers.asgi import ASGIRequest

from api.event_stream import stream_client
from core.domain.ratelimit import client_id

SCOPE = {
    "type": "http",
    "method": "GET",
    "path": "/api/tags",
    "query_string": b"",
    "client": ("127.0.0.1", 5000),
    "headers": [
        (b"host", b"127.0.0.1"),
        (b"x-forwarded-for", b"6.6.6.6, 1.1.1.1"),
        (b"x-forwarded-for", b"2.2.2.2"),
    ],
}


@pytest.mark.parametrize(
    ("proxies", "expected"), [(0, "127.0.0.1"), (1, "2.2.2.2"), (2, "1.1.1.1")]
)
def test_rest_and_streams_agree_on_the_client(settings, proxies, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = ASGIRequest(SCOPE, io.BytesIO())
    assert client_id(request) == expected
    assert stream_client(SCOPE) == expected
