"""core/edge.py: bodies over MAX_REQUEST_BODY_BYTES are refused before anyone reads them, and
every response (static files too) carries the request id."""

import httpx
import orjson
import pytest

from core.edge.guard import Edge

pytestmark = pytest.mark.django_db(transaction=True)


class App:
    """An ASGI app that records the body it read."""

    def __init__(self) -> None:
        self.called = False
        self.body = b""

    async def __call__(self, scope, receive, send):
        self.called = True
        while True:
            message = await receive()
            self.body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def call(app, headers, chunks):
    pending = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    read = []

    async def receive():
        read.append(True)
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/users", "headers": headers}
    await app(scope, receive, send)
    return sent, len(read)


async def test_a_declared_length_over_the_limit_is_refused_unread(settings):
    settings.MAX_REQUEST_BODY_BYTES = 100
    inner = App()
    sent, reads = await call(
        Edge(inner), [(b"content-length", b"101"), (b"x-request-id", b"abc")], [b"x" * 101]
    )
    assert not inner.called
    assert reads == 0
    assert sent[0]["status"] == 413
    assert (b"x-request-id", b"abc") in sent[0]["headers"]
    assert orjson.loads(sent[1]["body"]) == {
        "errors": {"body": ["is too large (maximum is 100 bytes)"]}
    }


async def test_a_chunked_body_is_cut_off_at_the_limit(settings):
    settings.MAX_REQUEST_BODY_BYTES = 100
    inner = App()
    sent, reads = await call(Edge(inner), [(b"transfer-encoding", b"chunked")], [b"x" * 60] * 10)
    assert not inner.called
    assert reads == 2  # stopped reading as soon as the limit was passed
    assert sent[0]["status"] == 413


async def test_bodies_within_the_limit_reach_the_app_whole(settings):
    settings.MAX_REQUEST_BODY_BYTES = 100
    for headers, chunks in [
        ([(b"transfer-encoding", b"chunked")], [b"a" * 50, b"b" * 50]),
        ([(b"content-length", b"100")], [b"c" * 100]),
        ([], [b""]),
    ]:
        inner = App()
        sent, _ = await call(Edge(inner), headers, chunks)
        assert sent[0]["status"] == 200
        assert inner.body == b"".join(chunks)


async def test_the_served_application_refuses_oversized_bodies():
    from core.config.asgi import application

    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        huge = b'{"user": {"email": "' + b"x" * (3 * 1024 * 1024) + b'"}}'
        r = await http.post(
            "/api/users/login", content=huge, headers={"Content-Type": "application/json"}
        )
        assert r.status_code == 413
        assert r.json()["errors"]["body"][0].startswith("is too large")
        assert r.headers["X-Request-ID"]
        small = await http.post(
            "/api/users/login", json={"user": {"email": "a@b.c", "password": "whatever1"}}
        )
        assert small.status_code == 401
        assert small.headers["X-Request-ID"]


async def test_static_files_carry_a_request_id_too():
    from core.config.asgi import application

    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        r = await http.get("/static/ninja/swagger-ui-init.js", headers={"X-Request-ID": "static-1"})
        assert r.status_code == 200
        assert r.headers["X-Request-ID"] == "static-1"
        fresh = await http.get("/static/ninja/swagger-ui-init.js")
        assert len(fresh.headers["X-Request-ID"]) == 32


async def test_the_edge_and_django_agree_on_the_id():
    from core.config.asgi import application

    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        for offered in ({}, {"X-Request-ID": "bad id"}, {"X-Request-ID": "good-id"}):
            r = await http.get("/api/health", headers=offered)
            assert r.headers.get_list("X-Request-ID") == [r.headers["X-Request-ID"]]
        assert r.headers["X-Request-ID"] == "good-id"


async def test_a_host_the_site_does_not_answer_to_gets_one_answer_everywhere():
    """Django's check (the API) and the edge's (the SPA, the event stream): the same 400."""
    from core.config.asgi import application

    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        for path in ("/api/tags", "/", "/article/x", "/api/events?topics=articles"):
            r = await http.get(path, headers={"Host": "evil.example"})
            assert r.status_code == 400, path
            assert r.json() == {"errors": {"host": ["is not one this site answers to"]}}, path
            assert r.headers["Content-Type"] == "application/json; charset=utf-8", path
            assert r.headers["X-Request-ID"], path
