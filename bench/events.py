"""`make bench-events`: live events under load, on real uvicorn processes and real sockets.

    python bench/events.py [--streams 10000] [--subscribers 1000] [--events 40] [--rate 5]
                           [--only idle one-worker two-workers] [--clients 4]

Three runs, each on fresh uvicorn processes (uvloop, httptools, no access log, `--backlog
16384`: the kernel caps it at net.core.somaxconn) serving the PostgreSQL database named by
EVENTS_BENCH_DATABASE_URL (created and migrated if missing; nothing to seed):

- **idle**: one worker, in-memory channel layer. Load-generator processes (`--clients`, raw
  asyncio sockets, a bounded number of handshakes in flight each) open `--streams` SSE streams
  (`GET /api/events?topics=articles`); a stream counts as connected once its `retry:` line
  arrived, within `--connect-timeout` seconds. The worker's RSS (/proc/<pid>/status VmRSS) is
  read after a warm-up of `--warm-streams` streams and again with all of them open: the
  difference over the streams opened in between is the memory per stream. Then one article is
  created and the time until each stream got its event is measured (a fan-out to all of them).
- **one-worker**: `--subscribers` streams on one worker (in-memory layer); a writer creates
  `--events` articles through the REST API (`POST /api/articles`) at `--rate` per second.
- **two-workers**: two single-worker uvicorn processes sharing channels-redis (REDIS_URL:
  EVENTS_BENCH_REDIS_URL, its own Redis database); the subscribers are split evenly between
  them and the writer posts to the first.

Latency, per (event, subscriber) pair: from the writer's clock just before it sends the POST to
the moment the subscriber's process read the end of that event's frame (`send→deliver`), and
from the writer receiving the 201 to that moment (`201→deliver`, negative when the event
arrived before the response did: it is published right after the commit). All processes are on
one machine and read the same CLOCK_MONOTONIC. Events are matched to their POST through the
outbox (the event of the article's slug). A pair that never arrived within `--grace` seconds
is a miss. The subscribers' own processes share the 2 cores with the servers, PostgreSQL and
Redis: their reading delay is part of the figures.

Prints a table and writes everything as JSON to bench/results/events-<time>.json.
"""

import argparse
import asyncio
import multiprocessing
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    RESULTS,
    Server,
    cpu_seconds,
    cpu_used,
    ensure_database,
    remove_bench_articles,
    setup_django,
    start_server,
    write_results,
)

STREAM_PATH = "/api/events?topics=articles"
# The kernel caps the listen backlog at net.core.somaxconn (4096 here): thousands of streams
# connect at once.
BACKLOG = ("--backlog", "16384")
BENCH_TITLE = "Events bench"  # articles the writer creates, removed afterwards
BENCH_USER = "events_bench"
ID_LINE = re.compile(rb"^id: (\d+)$", re.MULTILINE)


def raise_fd_limit() -> int:
    """Lift this process's open-file limit to its hard limit (one descriptor per socket)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


# --- the load generator: processes holding SSE streams ----------------------------------------


class Stream(asyncio.Protocol):
    """One SSE stream on a raw socket: connected once `retry:` arrived; the arrival time of
    each event id after that (read when its frame's blank line arrived)."""

    def __init__(self, request: bytes) -> None:
        self.request = request
        self.connected: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.buffer = b""
        self.seen: dict[int, float] = {}
        self.duplicates = 0
        self.transport: asyncio.Transport | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is no subclass of it
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        buffer = self.buffer + data
        if not self.connected.done():
            if not buffer.startswith(b"HTTP/1.1 200"):
                if b"\r\n\r\n" in buffer:
                    self.connected.set_exception(ConnectionError(buffer[:200].decode("latin-1")))
                self.buffer = buffer
                return
            if b"retry:" not in buffer:
                self.buffer = buffer
                return
            self.connected.set_result(None)
        end = buffer.rfind(b"\n\n")
        if end < 0:
            self.buffer = buffer
            return
        for match in ID_LINE.finditer(buffer, 0, end + 1):
            event_id = int(match.group(1))
            if event_id in self.seen:
                self.duplicates += 1
            else:
                self.seen[event_id] = now
        self.buffer = buffer[end + 2 :]

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if not self.connected.done():
            self.connected.set_exception(exc or ConnectionError("closed before `retry:`"))


class Holder:
    """The streams one client process holds."""

    def __init__(self) -> None:
        self.streams: list[Stream] = []
        self.errors: dict[str, int] = {}

    async def open(
        self, host: str, port: int, count: int, in_flight: int, seconds: float
    ) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        request = (
            f"GET {STREAM_PATH} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Accept: text/event-stream\r\n\r\n"
        ).encode()
        gate = asyncio.Semaphore(in_flight)
        deadline = loop.time() + seconds
        started = time.monotonic()

        async def one() -> None:
            async with gate:
                stream = Stream(request)
                try:
                    async with asyncio.timeout_at(deadline):
                        await loop.create_connection(lambda: stream, host, port)
                        await stream.connected
                except (OSError, TimeoutError, ConnectionError) as exc:
                    name = type(exc).__name__
                    self.errors[name] = self.errors.get(name, 0) + 1
                    if stream.transport is not None:
                        stream.transport.abort()
                    return
                self.streams.append(stream)

        await asyncio.gather(*(one() for _ in range(count)))
        return {
            "connected": count - sum(self.errors.values()),
            "seconds": time.monotonic() - started,
            "errors": dict(self.errors),
        }

    def status(self) -> dict[str, Any]:
        return {
            "open": sum(not s.closed for s in self.streams),
            "received": sum(len(s.seen) for s in self.streams),
        }

    def collect(self) -> list[dict[int, float]]:
        return [s.seen for s in self.streams]

    def close(self) -> None:
        for stream in self.streams:
            if stream.transport is not None:
                stream.transport.abort()
        self.streams = []


async def _serve_commands(conn: Connection) -> None:
    loop = asyncio.get_running_loop()
    holder = Holder()
    while True:
        command, args = await loop.run_in_executor(None, conn.recv)
        if command == "open":
            conn.send(await holder.open(**args))
        elif command == "status":
            conn.send(holder.status())
        elif command == "collect":
            conn.send(
                {
                    "seen": holder.collect(),
                    "duplicates": sum(s.duplicates for s in holder.streams),
                }
            )
        elif command == "close":
            holder.close()
            await asyncio.sleep(0.1)
            conn.send("closed")
            return


def client_main(conn: Connection) -> None:
    """A load-generator process: obeys the commands the driver sends through `conn`."""
    import uvloop

    raise_fd_limit()
    uvloop.run(_serve_commands(conn))


class Clients:
    """`count` load-generator processes (each an event loop of its own), used together."""

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("spawn")  # no inherited database connection
        self.conns: list[Connection] = []
        self.processes = []
        for _ in range(count):
            ours, theirs = context.Pipe()
            process = context.Process(target=client_main, args=(theirs,), daemon=True)
            process.start()
            self.conns.append(ours)
            self.processes.append(process)

    def ask(self, conns: Sequence[Connection], command: str, args: Sequence[Any]) -> list[Any]:
        for conn, arg in zip(conns, args, strict=True):
            conn.send((command, arg))
        return [conn.recv() for conn in conns]

    def open(
        self, targets: Sequence[tuple[str, int]], count: int, in_flight: int, seconds: float
    ) -> dict[str, Any]:
        """Open `count` streams, spread over the clients and (evenly) over the `targets`."""
        shares = [
            count // len(self.conns) + (i < count % len(self.conns)) for i in range(len(self.conns))
        ]
        args = []
        for i, share in enumerate(shares):
            host, port = targets[i % len(targets)]
            args.append(
                {"host": host, "port": port, "count": share, "in_flight": in_flight,
                 "seconds": seconds}
            )  # fmt: skip
        replies = self.ask(self.conns, "open", args)
        errors: dict[str, int] = {}
        for reply in replies:
            for name, n in reply["errors"].items():
                errors[name] = errors.get(name, 0) + n
        return {
            "connected": sum(r["connected"] for r in replies),
            "seconds": max(r["seconds"] for r in replies),
            "errors": errors,
            "by_client": [r["connected"] for r in replies],
        }

    def status(self) -> dict[str, int]:
        replies = self.ask(self.conns, "status", [None] * len(self.conns))
        return {key: sum(r[key] for r in replies) for key in ("open", "received")}

    def wait_received(self, total: int, timeout: float) -> dict[str, int]:
        deadline = time.monotonic() + timeout
        while True:
            status = self.status()
            if status["received"] >= total or time.monotonic() > deadline:
                return status
            time.sleep(0.1)

    def collect(self) -> tuple[list[list[dict[int, float]]], int]:
        """Each client's streams' arrival times (id → time), and the duplicates seen."""
        replies = self.ask(self.conns, "collect", [None] * len(self.conns))
        return [r["seen"] for r in replies], sum(r["duplicates"] for r in replies)

    def close(self) -> None:
        try:
            self.ask(self.conns, "close", [None] * len(self.conns))
        finally:
            for process in self.processes:
                process.join(10)
                if process.is_alive():
                    process.kill()


# --- the servers ------------------------------------------------------------------------------


def start_uvicorn(name: str, env: dict[str, str], log_dir: Path) -> Server:
    """One uvicorn worker serving Conduit on a free port, once /api/health answers. It inherits
    the driver's open-file limit, lifted to the hard limit in `main`."""
    return start_server(
        name, "core.config.asgi:application", 1, env, log_dir, "/api/health", extra=BACKLOG
    )


def address(server: Server) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").split(":")
    return host, int(port)


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS (KB) and Threads of a process, from /proc/<pid>/status."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmRSS", "Threads"}:
            values[key] = int(value.split()[0])
    return values


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


# --- the writer -------------------------------------------------------------------------------


@dataclass
class Post:
    slug: str
    sent: float  # CLOCK_MONOTONIC just before the request
    answered: float  # when the 201 was read


def bench_token() -> str:
    from django.contrib.auth.hashers import make_password

    from core.domain.auth import token_issue
    from core.domain.models import User

    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = User.objects.create(
            username=BENCH_USER,
            email=f"{BENCH_USER}@bench.conduit",
            password=make_password("events-bench"),
        )
    return token_issue(user)


def write_articles(url: str, token: str, count: int, rate: float, tag: str) -> list[Post]:
    """Create `count` articles at `rate` per second (a fixed schedule, not back to back)."""
    posts = []
    headers = {"Authorization": f"Token {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        start = time.monotonic()
        for n in range(count):
            pause = start + n / rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            article = {
                "title": f"{BENCH_TITLE} {tag} {n} {time.time_ns()}",
                "description": "Written by the events benchmark",
                "body": "Delivered, not polled. " * 20,
                "tagList": [],
            }
            sent = time.monotonic()
            response = client.post("/api/articles", json={"article": article})
            answered = time.monotonic()
            if response.status_code != 201:
                raise RuntimeError(f"POST /api/articles: {response.status_code} {response.text}")
            posts.append(Post(response.json()["article"]["slug"], sent, answered))
    return posts


def event_ids(posts: Sequence[Post]) -> dict[int, Post]:
    from core.domain.models import Event

    by_slug = {post.slug: post for post in posts}
    rows = Event.objects.filter(name="article.created", slug__in=list(by_slug)).values_list(
        "id", "slug"
    )
    return {event_id: by_slug[slug] for event_id, slug in rows if slug is not None}


# --- figures ----------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def ms(values: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(1000 * percentile(values, 0.50), 2),
        "p99_ms": round(1000 * percentile(values, 0.99), 2),
        "max_ms": round(1000 * max(values), 2) if values else float("nan"),
        "mean_ms": round(1000 * statistics.fmean(values), 2) if values else float("nan"),
    }


@dataclass
class Delivery:
    pairs: int  # (event, subscriber) pairs expected
    delivered: int
    missed: int
    duplicates: int
    send_to_deliver: dict[str, float]
    answer_to_deliver: dict[str, float]
    by_worker: dict[str, dict[str, float]] = field(default_factory=dict)


def deliveries(
    posts: dict[int, Post],
    seen_by_client: list[list[dict[int, float]]],
    worker_of_client: Sequence[str],
    duplicates: int,
) -> Delivery:
    from_send: list[float] = []
    from_answer: list[float] = []
    per_worker: dict[str, list[float]] = {}
    subscribers = 0
    for client, streams in enumerate(seen_by_client):
        for seen in streams:
            subscribers += 1
            for event_id, post in posts.items():
                at = seen.get(event_id)
                if at is None:
                    continue
                from_send.append(at - post.sent)
                from_answer.append(at - post.answered)
                per_worker.setdefault(worker_of_client[client], []).append(at - post.sent)
    pairs = subscribers * len(posts)
    return Delivery(
        pairs=pairs,
        delivered=len(from_send),
        missed=pairs - len(from_send),
        duplicates=duplicates,
        send_to_deliver=ms(from_send),
        answer_to_deliver=ms(from_answer),
        by_worker={worker: ms(values) for worker, values in per_worker.items()},
    )


# --- the runs ---------------------------------------------------------------------------------


def run_idle(
    args: argparse.Namespace, env: dict[str, str], logs: Path, token: str
) -> dict[str, Any]:
    server = start_uvicorn("idle", env, logs)
    clients = Clients(args.clients)
    pid = server.process.pid
    try:
        target = [address(server)]
        base = proc_status(pid)
        warm = clients.open(target, args.warm_streams, args.in_flight, args.connect_timeout)
        time.sleep(args.settle / 2)
        before = proc_status(pid)
        cpu_before = cpu_seconds([pid])
        rest = clients.open(
            target, args.streams - args.warm_streams, args.in_flight, args.connect_timeout
        )
        cpu_after = cpu_seconds([pid])
        time.sleep(args.settle)
        after = proc_status(pid)
        connected = warm["connected"] + rest["connected"]
        held = clients.status()["open"]
        fds = open_fds(pid)
        per_stream_kb = (after["VmRSS"] - before["VmRSS"]) / max(rest["connected"], 1)
        print(
            f"idle: {connected}/{args.streams} streams connected in {rest['seconds']:.1f} s "
            f"(errors {rest['errors']}); RSS {before['VmRSS'] / 1024:.0f} → "
            f"{after['VmRSS'] / 1024:.0f} MB: {per_stream_kb:.1f} KB per stream; "
            f"{after['Threads']} threads",
            flush=True,
        )
        # One event to every stream.
        time.sleep(args.hold)
        still_open = clients.status()["open"]
        cpu_fan_before = cpu_seconds([pid])
        posts = write_articles(server.url, token, 1, 1, "fan-out")
        status = clients.wait_received(still_open, args.grace)
        cpu_fan_after = cpu_seconds([pid])
        seen_by_client, duplicates = clients.collect()
        fan_out = deliveries(event_ids(posts), seen_by_client, ["idle"] * args.clients, duplicates)
        fan_out.by_worker = {}
        print(
            f"idle: one event to {still_open} streams: p50 {fan_out.send_to_deliver['p50_ms']} "
            f"ms, p99 {fan_out.send_to_deliver['p99_ms']} ms, max "
            f"{fan_out.send_to_deliver['max_ms']} ms; missed {fan_out.missed}",
            flush=True,
        )
        return {
            "streams": args.streams,
            "connected": connected,
            "held_after": held,
            "open_after_hold": still_open,
            "hold_seconds": args.hold,
            "connect_seconds": round(rest["seconds"], 2),
            "connect_errors": {
                name: warm["errors"].get(name, 0) + rest["errors"].get(name, 0)
                for name in {*warm["errors"], *rest["errors"]}
            },
            "connect_cpu_ms_per_stream": round(
                1000 * cpu_used(cpu_before, cpu_after) / max(rest["connected"], 1), 3
            ),
            "rss_kb_start": base["VmRSS"],
            "rss_kb_warm": before["VmRSS"],
            "rss_kb_all": after["VmRSS"],
            "warm_streams": warm["connected"],
            "kb_per_stream": round(per_stream_kb, 2),
            "threads": after["Threads"],
            "open_fds": fds,
            "fan_out": asdict(fan_out),
            "fan_out_received": status["received"],
            "fan_out_cpu_ms": round(1000 * cpu_used(cpu_fan_before, cpu_fan_after), 1),
        }
    finally:
        clients.close()
        server.stop()


def run_latency(
    name: str,
    workers: int,
    args: argparse.Namespace,
    env: dict[str, str],
    logs: Path,
    token: str,
) -> dict[str, Any]:
    servers = [start_uvicorn(f"{name}-{i + 1}", env, logs) for i in range(workers)]
    clients = Clients(args.clients)
    try:
        targets = [address(s) for s in servers]
        opened = clients.open(targets, args.subscribers, args.in_flight, args.connect_timeout)
        worker_of_client = [f"worker {i % workers + 1}" for i in range(args.clients)]
        if opened["connected"] != args.subscribers:
            raise RuntimeError(f"{name}: only {opened['connected']} subscribers connected")
        # Warm-up (not measured): the first writes compile queries and fill pools.
        warm = write_articles(servers[0].url, token, 3, args.rate, f"{name}-warm")
        clients.wait_received(args.subscribers * len(warm), args.grace)
        baseline = clients.status()["received"]
        pids = [s.process.pid for s in servers]
        cpu_before = cpu_seconds(pids)
        started = time.monotonic()
        posts = write_articles(servers[0].url, token, args.events, args.rate, name)
        expected = baseline + args.subscribers * len(posts)
        status = clients.wait_received(expected, args.grace)
        cpu_after = cpu_seconds(pids)
        seconds = time.monotonic() - started
        seen_by_client, duplicates = clients.collect()
        by_id = event_ids(posts)
        if len(by_id) != len(posts):
            raise RuntimeError(f"{name}: {len(posts)} articles but {len(by_id)} events")
        result = deliveries(by_id, seen_by_client, worker_of_client, duplicates)
        answered = [post.answered - post.sent for post in posts]
        return {
            "workers": workers,
            "layer": "redis" if workers > 1 else "in-memory",
            "subscribers": opened["connected"],
            "by_worker": {
                f"worker {i + 1}": sum(
                    c
                    for c, w in zip(opened["by_client"], worker_of_client, strict=True)
                    if w == f"worker {i + 1}"
                )
                for i in range(workers)
            },
            "events": len(posts),
            "rate": args.rate,
            "seconds": round(seconds, 2),
            "open_at_end": status["open"],
            "post": ms(answered),
            "delivery": asdict(result),
            "server_cpu_ms": round(1000 * cpu_used(cpu_before, cpu_after), 1),
            # The servers' CPU per event: the POST that writes it and its fan-out.
            "server_cpu_ms_per_event": round(
                1000 * cpu_used(cpu_before, cpu_after) / max(len(posts), 1), 1
            ),
        }
    finally:
        clients.close()
        for server in servers:
            server.stop()


def table(results: dict[str, Any]) -> str:
    lines = []
    idle = results.get("idle")
    if idle:
        fan = idle["fan_out"]
        lines += [
            f"{'idle streams, 1 worker':<28} {'connected':>11} {'in s':>6} {'KB/stream':>9} "
            f"{'RSS MB':>7} {'threads':>7} {'fan-out p50/p99/max ms':>23} {'missed':>6}",
            f"{'':<28} {idle['connected']:>5}/{idle['streams']:<5} "
            f"{idle['connect_seconds']:>6.1f} {idle['kb_per_stream']:>9.1f} "
            f"{idle['rss_kb_all'] / 1024:>7.0f} {idle['threads']:>7} "
            f"{fan['send_to_deliver']['p50_ms']:>7.0f}/{fan['send_to_deliver']['p99_ms']:.0f}/"
            f"{fan['send_to_deliver']['max_ms']:.0f}".ljust(91)
            + f"{fan['missed']:>6}",
            "",
        ]
    runs = [results[key] for key in ("one-worker", "two-workers") if key in results]
    if runs:
        lines.append(
            f"{'latency':<28} {'subs':>5} {'events':>6} {'send→deliver p50/p99':>21} "
            f"{'201→deliver p50/p99':>20} {'POST p50':>8} {'missed':>6} {'dup':>4} "
            f"{'CPU ms/event':>12}"
        )
        for run in runs:
            d = run["delivery"]
            label = f"{run['workers']} worker{'s' if run['workers'] > 1 else ''} ({run['layer']})"
            lines.append(
                f"{label:<28} {run['subscribers']:>5} {run['events']:>6} "
                f"{d['send_to_deliver']['p50_ms']:>11.1f}/{d['send_to_deliver']['p99_ms']:<9.1f} "
                f"{d['answer_to_deliver']['p50_ms']:>10.1f}/{d['answer_to_deliver']['p99_ms']:<9.1f} "
                f"{run['post']['p50_ms']:>8.1f} {d['missed']:>6} {d['duplicates']:>4} "
                f"{run['server_cpu_ms_per_event']:>12.1f}"
            )
            for worker, figures in d["by_worker"].items():
                if run["workers"] > 1:
                    lines.append(
                        f"  {worker:<26} {run['by_worker'][worker]:>5} {'':>6} "
                        f"{figures['p50_ms']:>11.1f}/{figures['p99_ms']:<9.1f}"
                    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--streams", type=int, default=10_000, help="idle streams to open")
    parser.add_argument("--warm-streams", type=int, default=200, help="before the RSS baseline")
    parser.add_argument("--hold", type=float, default=5, help="seconds to hold them idle")
    parser.add_argument("--settle", type=float, default=2, help="seconds before reading RSS")
    parser.add_argument("--subscribers", type=int, default=1_000)
    parser.add_argument("--events", type=int, default=40, help="articles created per run")
    parser.add_argument("--rate", type=float, default=5, help="articles per second")
    parser.add_argument("--clients", type=int, default=4, help="load-generator processes")
    parser.add_argument("--in-flight", type=int, default=64, help="handshakes per client")
    parser.add_argument("--connect-timeout", type=float, default=120)
    parser.add_argument("--grace", type=float, default=30, help="seconds to wait for stragglers")
    parser.add_argument(
        "--only", nargs="+", choices=["idle", "one-worker", "two-workers"], help="runs to do"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where the JSON goes")
    parser.add_argument("--label", default="", help="a note stored with the results")
    args = parser.parse_args()
    runs = args.only or ["idle", "one-worker", "two-workers"]

    raise_fd_limit()
    database_url = os.environ.get(
        "EVENTS_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/conduit_bench_events"
    )
    redis_url = os.environ.get("EVENTS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    ensure_database(database_url)
    setup_django(database_url)
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    remove_bench_articles(BENCH_TITLE)
    token = bench_token()
    connections.close_all()

    # Warnings only: at INFO the servers would log a line per stream (core/config/settings.py LOGGING),
    # and no access log (as `make bench`). One client holds every stream: the per-client stream cap
    # (an abuse limit) is lifted.
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        "ACCESS_LOG": "off",
        "EVENTS_MAX_STREAMS_PER_CLIENT": "1000000",
    }
    for name in ("DEBUG", "REDIS_URL"):
        env.pop(name, None)
    load = os.getloadavg()
    print(
        f"{os.cpu_count()} CPUs, load {load[0]:.2f}; runs: {', '.join(runs)}; "
        f"{args.clients} client processes",
        flush=True,
    )
    results: dict[str, Any] = {}
    loads: dict[str, list[float]] = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="conduit-bench-events-") as tmp:
        logs = Path(tmp)
        try:
            for run in runs:
                t0 = time.monotonic()
                if run == "idle":
                    results[run] = run_idle(args, env, logs, token)
                elif run == "one-worker":
                    results[run] = run_latency(run, 1, args, env, logs, token)
                else:
                    redis_env = {**env, "REDIS_URL": redis_url}
                    results[run] = run_latency(run, 2, args, redis_env, logs, token)
                results[run]["run_seconds"] = round(time.monotonic() - t0, 1)
                loads[run] = list(os.getloadavg())
                if run != "idle":
                    print(table({run: results[run]}), flush=True)
        finally:
            remove_bench_articles(BENCH_TITLE)
            for log in sorted(logs.glob("*.log")):  # the servers' warnings and errors
                lines = log.read_text(errors="replace").splitlines()
                noted = [line for line in lines if " INFO " not in line]
                if noted:
                    print(f"--- {log.name}\n" + "\n".join(noted[-20:]))

    print()
    print(table(results))
    total = time.monotonic() - started
    print(f"\n{total:.0f} s; load average after each run: "
          + ", ".join(f"{run} {values[0]:.2f}" for run, values in loads.items()))  # fmt: skip
    write_results(
        args,
        prefix="events-",
        machine={
            "load_before": load,
            "load_after_each_run": loads,
            "somaxconn": int(Path("/proc/sys/net/core/somaxconn").read_text()),
            "nofile_limit": resource.getrlimit(resource.RLIMIT_NOFILE)[1],
        },
        seconds=round(total, 1),
        results=results,
    )


if __name__ == "__main__":
    main()
