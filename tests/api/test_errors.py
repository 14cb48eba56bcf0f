"""One error builder (api/errors.py ErrorReply) and one status map, for Django's responses, the
raw ASGI apps and the WebSocket alike."""

import orjson
import pytest

from api.errors import STATUS, ErrorReply, error_reply, method_not_allowed, reply_to
from core.domain import errors
from core.domain.errors import DomainError, NotFound, unavailable
from core.domain.events.quota import TooManyStreams
from core.domain.ratelimit import RateLimited


def _kinds(base: type[Exception]) -> set[type[Exception]]:
    found = set()
    for kind in base.__subclasses__():
        found |= {kind, *_kinds(kind)}
    return found


def test_every_refusal_kind_has_its_status():
    assert _kinds(DomainError) | {RateLimited} == set(STATUS)


async def _sent(reply: ErrorReply, **kwargs) -> tuple[int, dict[bytes, bytes], bytes]:
    messages = []

    async def send(message):
        messages.append(message)

    await reply.send(send, **kwargs)
    start, body = messages
    return start["status"], dict(start["headers"]), body["body"]


@pytest.mark.parametrize(
    "reply",
    [
        reply_to(NotFound("article")),
        reply_to(RateLimited("client", 7)),
        reply_to(TooManyStreams(3)),
        method_not_allowed("POST", "GET, HEAD"),
        error_reply(422, {"title": ["can't be blank"], "body": ["can't be blank"]}),
    ],
)
async def test_django_and_asgi_send_the_same_response(reply):
    response = reply.response()
    status, headers, body = await _sent(reply)
    assert status == response.status_code == reply.status
    assert body == response.content
    assert orjson.loads(body) == {"errors": reply.errors}
    assert headers[b"content-type"].decode() == response["Content-Type"]
    assert int(headers[b"content-length"]) == len(body)
    for name, value in reply.headers:
        assert response[name] == headers[name.lower().encode()].decode() == value
    assert reply.message() == {"type": "error", "status": reply.status, "errors": reply.errors}


async def test_a_head_request_gets_no_body():
    _, headers, body = await _sent(method_not_allowed("PUT", "GET"), method="HEAD")
    assert body == b""
    assert int(headers[b"content-length"]) > 0


def test_waits_are_told_in_retry_after(settings):
    settings.DB_UNAVAILABLE_RETRY_AFTER = 11
    assert reply_to(unavailable("database")).headers == (("Retry-After", "11"),)
    assert reply_to(RateLimited("login-ip", 42)).headers == (("Retry-After", "42"),)
    assert reply_to(errors.Conflict({"email": ["has already been taken"]})).headers == ()


def test_statuses():
    status = lambda error: reply_to(error).status  # noqa: E731
    assert status(errors.Unauthorized({"token": ["is missing"]})) == 401
    assert status(errors.Forbidden("article")) == 403
    assert status(errors.Invalid({"topics": ["?"]})) == 422
    assert status(TooManyStreams(1)) == status(RateLimited("client", 1)) == 429
    assert status(unavailable("events")) == 503
