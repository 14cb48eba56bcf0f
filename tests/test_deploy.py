"""The production deployment, run for real (docs/deploy.md): nginx (deploy/nginx.conf) in front
of two groups of workers (`python -m core.config.serve`, production settings) on PgBouncer
(deploy/pgbouncer.ini, transaction mode) and Redis, all on free ports, against the CI
PostgreSQL. A journey and live events through the stack, the attacks from issue 12 refused at
the edge or by the app while another client keeps being served, and a rolling restart under
load that drops no request and loses no event.

Clients use different loopback addresses (127.0.0.x) so that nginx, which limits per address,
sees them as different clients, as it would on the internet.
"""

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests import live
from tests.deploy_stack import (
    Nginx,
    PgBouncer,
    WorkerGroup,
    nginx,
    pgbouncer,
    production_env,
    rss_kib,
    wait_for,
)
from tests.events.streams import server_env

pytestmark = [pytest.mark.deploy, pytest.mark.postgres, pytest.mark.redis]

VICTIM = "127.0.0.1"  # a well-behaved client
ATTACKER = "127.0.0.2"
LOADER = "127.0.0.3"  # the rolling restart's load
PASSWORD = "password123"


@dataclass
class Stack:
    edge: Nginx
    groups: list[WorkerGroup]
    bouncer: PgBouncer
    logs: Path


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    logs = tmp_path_factory.mktemp("deploy")
    with live.fresh_database(logs) as env, pgbouncer(env["DATABASE_URL"]) as bouncer:
        worker_env = production_env(server_env(env), bouncer.url)
        groups = [
            WorkerGroup(live.free_port(), 1, worker_env, logs / f"workers-{i}.log")
            for i in range(2)
        ]
        try:
            for group in groups:
                group.start()
            for group in groups:
                group.wait_serving()
            with nginx([group.port for group in groups]) as edge:
                yield Stack(edge, groups, bouncer, logs)
        finally:
            for group in groups:
                group.stop()


def client(url: str, address: str = VICTIM, **kwargs: Any) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=address)
    kwargs.setdefault("timeout", 10)
    return httpx.Client(base_url=url, transport=transport, **kwargs)


def register(http: httpx.Client, name: str) -> dict[str, str]:
    user = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
    r = http.post("/api/users", json={"user": user})
    assert r.status_code == 201, r.text
    return {"Authorization": f"Token {r.json()['user']['token']}"}


def create_article(http: httpx.Client, auth: dict[str, str], title: str) -> str:
    article = {"title": title, "description": "d", "body": "b", "tagList": ["deploy"]}
    r = http.post("/api/articles", headers=auth, json={"article": article})
    assert r.status_code == 201, r.text
    return str(r.json()["article"]["slug"])


class SseClient(threading.Thread):
    """An EventSource's behaviour: reads `article.created` events, and when the server ends the
    stream (or the connection fails) reconnects with Last-Event-ID, until it sees `marker`."""

    def __init__(self, url: str, address: str = VICTIM, resume: bool = True) -> None:
        super().__init__(daemon=True)
        self.url = f"{url}/api/events?topics=articles"
        self.address = address
        self.resume = resume
        self.marker: str | None = None
        self.ids: list[int] = []
        self.slugs: list[str] = []
        self.connections = 0
        self.ended_with_retry = 0
        self.failures: list[str] = []
        self.connected = threading.Event()
        self.done = threading.Event()

    def finish_at(self, slug: str, within: float) -> bool:
        """Whether `slug`'s event arrives (or has arrived) within `within` seconds."""
        self.marker = slug
        if slug in self.slugs:  # read before the marker was set
            self.done.set()
        return self.done.wait(within)

    def run(self) -> None:
        last: int | None = None
        while not self.done.is_set():
            try:
                last = self._read(last)
            except httpx.HTTPError as exc:
                self.failures.append(repr(exc))
            if not self.resume:
                return
            self.done.wait(0.05)  # a short pause before resuming, cut short by the end

    def _read(self, last: int | None) -> int | None:
        headers = {"Last-Event-ID": str(last)} if last is not None else {}
        timeout = httpx.Timeout(10, read=40)
        with (
            client("", self.address, timeout=timeout) as http,
            http.stream("GET", self.url, headers=headers) as response,
        ):
            if response.status_code != 200:
                self.failures.append(f"HTTP {response.status_code}")
                return last
            self.connections += 1
            self.connected.set()
            fields: dict[str, str] = {}
            comment = False
            for line in response.iter_lines():
                if line == "":
                    if "retry" in fields and comment:
                        self.ended_with_retry += 1  # the server's goodbye: reason + retry
                    if "id" in fields and fields.get("event") == "article.created":
                        last = int(fields["id"])
                        slug = orjson.loads(fields["data"])["article"]["slug"]
                        self.ids.append(last)
                        self.slugs.append(slug)
                        if slug == self.marker:
                            self.done.set()
                            return last
                    elif "id" in fields:
                        last = int(fields["id"])
                    fields, comment = {}, False
                elif line.startswith(":"):
                    comment = line != ": ping"
                else:
                    name, _, value = line.partition(":")
                    fields[name] = value.removeprefix(" ")
        return last


# --- The journey ---------------------------------------------------------------------------------


def test_journey_through_nginx_with_events_on_two_workers(stack: Stack) -> None:
    """Register, create, list, favorite, comment through nginx; an SSE client on one worker
    and a WebSocket on another get the article created through nginx, exactly once."""
    with client(stack.edge.url) as http:
        author = register(http, f"author_{uuid.uuid4().hex[:6]}")
        reader = register(http, f"reader_{uuid.uuid4().hex[:6]}")

        sse = SseClient(stack.groups[0].url, resume=False)
        sse.start()
        assert sse.connected.wait(30), sse.failures
        ws_url = stack.groups[1].url.replace("http", "ws") + "/ws/events"
        with connect(ws_url, open_timeout=10) as ws:
            ws.send(orjson.dumps({"type": "subscribe", "topics": ["articles"]}).decode())
            assert orjson.loads(ws.recv(10))["type"] == "subscribed"

            slug = create_article(http, author, f"Journey {uuid.uuid4().hex[:6]}")
            event = orjson.loads(ws.recv(15))
            assert (event["event"], event["data"]["article"]["slug"]) == ("article.created", slug)
            # Exactly once: a later event is the next thing the socket receives.
            marker = create_article(http, author, f"Marker {uuid.uuid4().hex[:6]}")
            after = orjson.loads(ws.recv(15))
            assert after["data"]["article"]["slug"] == marker
        assert sse.finish_at(marker, 15), sse.failures
        assert sse.slugs == [slug, marker]  # exactly once: the later marker came next

        listed = http.get("/api/articles", params={"tag": "deploy"}).json()
        assert slug in {a["slug"] for a in listed["articles"]}
        assert http.post(f"/api/articles/{slug}/favorite", headers=reader).status_code == 200
        comment = {"comment": {"body": "through nginx"}}
        r = http.post(f"/api/articles/{slug}/comments", headers=reader, json=comment)
        assert r.status_code == 201
        article = http.get(f"/api/articles/{slug}", headers=reader).json()["article"]
        assert (article["favorited"], article["favoritesCount"]) == (True, 1)


# --- The attacks ---------------------------------------------------------------------------------


def _status_of(sock: socket.socket) -> int:
    head = b""
    while b"\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            return 0  # closed without an answer
        head += chunk
    return int(head.split(b" ", 2)[1])


def _raw(port: int, request: bytes, address: str = ATTACKER) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(address, 0))
    sock.sendall(request)
    return sock


class Victim(threading.Thread):
    """A second client reading the API through nginx while an attack runs: every read must
    answer 200 (each within the client's 5 s timeout); latencies are kept for the report."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        with client(self.url, VICTIM, timeout=5) as http:
            while not self.stop.is_set():
                started = time.monotonic()
                try:
                    r = http.get("/api/articles?limit=5")
                    if r.status_code != 200:
                        self.failures.append(f"HTTP {r.status_code}")
                except httpx.HTTPError as exc:
                    self.failures.append(repr(exc))
                self.latencies.append(time.monotonic() - started)
                self.stop.wait(0.05)  # paced: a reader, not a load

    def finish(self) -> dict[str, float]:
        self.stop.set()
        self.join(10)
        assert self.failures == []
        ordered = sorted(self.latencies)
        return {"reads": len(ordered), "p50_ms": 1000 * ordered[len(ordered) // 2],
                "max_ms": 1000 * ordered[-1]}  # fmt: skip


def test_the_app_caps_streams_per_client_and_checks_host(stack: Stack) -> None:
    """Whatever the edge: straight to one worker, one client (one X-Forwarded-For, since the
    workers trust one proxy) gets EVENTS_MAX_STREAMS_PER_CLIENT streams (8), SSE and
    WebSocket together; a foreign Host is refused on the SPA and the streams."""
    worker = stack.groups[0]
    request = (
        b"GET /api/events?topics=articles HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"X-Forwarded-For: 198.51.100.7\r\n\r\n"
    )
    held = [_raw(worker.port, request) for _ in range(7)]
    try:
        assert [_status_of(sock) for sock in held] == [200] * 7
        ws_url = worker.url.replace("http", "ws") + "/ws/events"
        headers = {"X-Forwarded-For": "198.51.100.7"}
        with connect(ws_url, open_timeout=10, additional_headers=headers) as eighth:
            with connect(ws_url, open_timeout=10, additional_headers=headers) as ninth:
                refusal = orjson.loads(ninth.recv(10))
                assert refusal["status"] == 429
                with pytest.raises(ConnectionClosed):
                    ninth.recv(10)
                assert ninth.protocol.close_rcvd is not None
                assert ninth.protocol.close_rcvd.code == 1013
                assert "too many open streams" in ninth.protocol.close_rcvd.reason
            over = _raw(worker.port, request)
            assert _status_of(over) == 429
            over.close()
            eighth.send(orjson.dumps({"type": "subscribe", "topics": ["articles"]}).decode())
            assert orjson.loads(eighth.recv(10))["type"] == "subscribed"
    finally:
        for sock in held:
            sock.close()

    with client(worker.url) as http:
        for path in ("/", "/article/x", "/api/events?topics=articles"):
            r = http.get(path, headers={"Host": "evil.example"})
            assert r.status_code == 400, path
            assert r.headers["X-Content-Type-Options"] == "nosniff"
    with (
        client(stack.edge.url) as http,
        pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)),
    ):
        http.get("/", headers={"Host": "evil.example"})  # nginx: 444, closed unanswered


def test_attacks_are_cut_off_while_another_client_is_served(stack: Stack, capsys) -> None:
    port = stack.edge.port
    workers = sorted(pid for group in stack.groups for pid in group.pids())
    victim = Victim(stack.edge.url)
    victim.start()
    report: dict[str, Any] = {}

    # 300 slowloris connections: a header line every second, never the end of the head.
    slow = [_raw(port, b"GET /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\n") for _ in range(300)]
    slow_started = time.monotonic()

    # A 1 MB header: refused by nginx after 8 kB, in the API's error shape.
    big = b"GET /api/tags HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 1_000_000 + b"\r\n\r\n"
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        # nginx may answer and close while the header is still being sent.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(big)
        report["1MB header"] = (_status_of(sock), f"{1000 * (time.monotonic() - started):.0f} ms")
    assert report["1MB header"][0] == 400

    # 500 event streams from one client (each claiming another X-Forwarded-For): nginx lets
    # 8 through (limit_conn per address; it overwrites X-Forwarded-For), the rest get 429.
    streams = []
    statuses: dict[int, int] = {}
    for i in range(500):
        request = (
            "GET /api/events?topics=articles HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"X-Forwarded-For: 10.0.{i // 250}.{i % 250}\r\n\r\n"
        ).encode()
        sock = _raw(port, request)
        status = _status_of(sock)
        statuses[status] = statuses.get(status, 0) + 1
        streams.append(sock)
    report["500 streams"] = statuses
    assert statuses.get(200, 0) <= 8
    assert statuses.get(429, 0) >= 492

    # A 16 MiB WebSocket message: the worker closes the socket from the frame header (1009),
    # and the message never lands in its memory (the worker grew by 46 MB before the fix).
    ws_url = stack.edge.url.replace("http", "ws") + "/ws/events"
    for _ in range(2):  # warm every worker's WebSocket path first: its first use allocates
        with connect(ws_url, open_timeout=10) as warm:
            warm.send(orjson.dumps({"type": "subscribe", "topics": ["articles"]}).decode())
            warm.recv(10)
    rss_before = {pid: rss_kib(pid) for pid in workers}
    with connect(ws_url, open_timeout=10) as ws:
        # A text frame announcing 16 MiB: the server must close (1009) on the header alone,
        # before any payload (a server that reads the payload waits here for it). Payload
        # bytes sent along would race the close: the worker's reset for unread data can
        # discard the close frame before the client reads it.
        size = 16 * 1024 * 1024
        header = bytes([0x81, 0x80 | 127]) + size.to_bytes(8, "big") + b"\0\0\0\0"
        ws.socket.sendall(header)
        with contextlib.suppress(ConnectionClosed):
            ws.recv(10)
        report["16MiB ws message"] = ws.protocol.close_rcvd.code if ws.protocol.close_rcvd else None
    assert report["16MiB ws message"] == 1009
    rss_after = {pid: rss_kib(pid) for pid in workers}
    report["worker RSS growth (KiB)"] = {pid: rss_after[pid] - rss_before[pid] for pid in workers}
    assert all(growth < 8 * 1024 for growth in report["worker RSS growth (KiB)"].values())

    # The slowloris connections: closed by nginx (client_header_timeout 10 s), never answered
    # by a worker. Keep trickling until then.
    closed_after: list[float] = []
    deadline = slow_started + 30
    while slow and time.monotonic() < deadline:
        for sock in list(slow):
            try:
                sock.setblocking(False)
                try:
                    if sock.recv(1024) == b"":
                        raise ConnectionResetError
                except BlockingIOError:
                    sock.sendall(b"X-Slow: 1\r\n")
            except (ConnectionResetError, BrokenPipeError):
                closed_after.append(time.monotonic() - slow_started)
                slow.remove(sock)
                sock.close()
        time.sleep(1)  # the attack's own pace: a header line per connection each second
    report["300 slowloris"] = (
        f"{len(closed_after)} closed by nginx, the last after {max(closed_after):.1f} s"
    )
    assert not slow, f"{len(slow)} slowloris connections still open after 30 s"

    for sock in streams:
        sock.close()
    report["victim"] = victim.finish()
    with capsys.disabled():
        print(f"\ndeploy attacks: {report}")


def test_security_headers_on_every_response(stack: Stack) -> None:
    expected = {"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                "Cross-Origin-Opener-Policy", "Content-Security-Policy"}  # fmt: skip
    for base in (stack.edge.url, stack.groups[0].url):  # through nginx and straight to a worker
        with client(base) as http:
            responses = {
                "api": http.get("/api/tags"),
                "spa": http.get("/"),
                "asset 404": http.get("/assets/missing.js"),
                "static": http.get("/static/ninja/swagger-ui.css"),
                "413": http.post("/api/articles", content=b"x" * (3 * 1024 * 1024)),
            }
            with http.stream("GET", "/api/events?topics=articles") as sse:
                responses["sse"] = sse
            for name, response in responses.items():
                missing = {h.lower() for h in expected} - set(response.headers.keys())
                assert not missing, (base, name, response.status_code, missing)
                # One value each: nginx replaces the app's, never repeats them.
                for header in expected:
                    assert len(response.headers.get_list(header)) == 1, (base, name, header)
            assert responses["413"].status_code == 413
            assert responses["spa"].headers["X-Frame-Options"] == "DENY"


def test_readiness_names_a_failing_dependency_without_its_error(stack: Stack) -> None:
    with client(stack.edge.url) as http:
        assert http.get("/api/health/ready").status_code == 200
        stack.bouncer.stop()
        try:
            r = http.get("/api/health/ready")
            assert r.status_code == 503
            database = r.json()["checks"]["database"]
            assert database["status"] == "unavailable"
            assert str(stack.bouncer.port) not in r.text
            assert "connection" not in r.text.lower()
        finally:
            stack.bouncer.start()
        # The pool finds PgBouncer again by itself (its connections were all cut).
        wait_for(lambda: http.get("/api/health/ready").status_code == 200, "ready", within=30)
        assert http.get("/api/articles").status_code == 200


# --- The rolling restart -------------------------------------------------------------------------


@dataclass
class Load:
    """Bounded reads and writes through nginx from a few threads; every answer is counted."""

    url: str
    auth: dict[str, str]
    sent: int = 0
    failed: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def worker(self, n: int) -> None:
        with client(self.url, LOADER, timeout=30) as http:
            i = 0
            while not self.stop.is_set():
                i += 1
                try:
                    if i % 4 == 0:
                        article = {"title": f"Load {n}-{i} {uuid.uuid4().hex[:6]}",
                                   "description": "d", "body": "b"}  # fmt: skip
                        r = http.post("/api/articles", headers=self.auth,
                                      json={"article": article})  # fmt: skip
                        ok = r.status_code == 201
                        if ok:
                            with self.lock:
                                self.written.append(r.json()["article"]["slug"])
                    else:
                        r = http.get("/api/articles?limit=10")
                        ok = r.status_code == 200
                    if not ok:
                        self.failed.append(f"HTTP {r.status_code}: {r.text[:200]}")
                except httpx.HTTPError as exc:
                    self.failed.append(repr(exc))
                with self.lock:
                    self.sent += 1
                self.stop.wait(0.05)  # ~30 requests/s in all: under the per-client limits

    def wait_for_requests(self, more: int) -> None:
        """Until `more` further requests have been answered (the load is running)."""
        target = self.sent + more
        wait_for(lambda: self.sent >= target, f"{more} more requests under load", within=60)


def test_rolling_restart_drops_nothing(stack: Stack, capsys) -> None:
    with client(stack.edge.url, LOADER) as http:
        auth = register(http, f"loader_{uuid.uuid4().hex[:6]}")
    sse = SseClient(stack.edge.url, address=VICTIM)
    sse.start()
    assert sse.connected.wait(30), sse.failures
    load = Load(stack.edge.url, auth)
    restarts = []
    with ThreadPoolExecutor(3) as pool:
        for n in range(3):
            pool.submit(load.worker, n)
        try:
            load.wait_for_requests(20)
            for group in stack.groups:  # one group after the other, each worker new-before-old
                old, new = group.rolling_restart()
                restarts.append((sorted(old), sorted(new)))
                load.wait_for_requests(10)  # served by the new workers before the next group
        finally:
            load.stop.set()
    with client(stack.edge.url, LOADER) as http:
        marker = create_article(http, auth, f"Marker {uuid.uuid4().hex[:6]}")
        assert sse.finish_at(marker, 30), sse.failures
        missing = [s for s in load.written if http.get(f"/api/articles/{s}").status_code != 200]
    figures = {
        "requests": load.sent,
        "failed": len(load.failed),
        "writes acknowledged": len(load.written),
        "writes missing": len(missing),
        "events received": len(sse.ids),
        "stream connections": sse.connections,
        "streams ended with retry": sse.ended_with_retry,
        "workers replaced": restarts,
    }
    with capsys.disabled():
        print(f"\ndeploy rolling restart: {figures}")
    assert load.failed == []
    assert missing == []
    assert load.sent > 50
    assert load.written
    # Every acknowledged write's event, once, in order, across the reconnections.
    assert len(sse.ids) == len(set(sse.ids))
    assert sse.ids == sorted(sse.ids)
    assert set(load.written) | {marker} == set(sse.slugs)
    # The stream was ended by each drain with its retry line, and resumed.
    assert sse.ended_with_retry >= 1
    assert sse.connections >= 2
