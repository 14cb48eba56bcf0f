"""`make bench`: Conduit under uvicorn and wrk, endpoint by endpoint, beside the raw floor.

    python bench/run.py [--duration 10] [--connections 64] [--workers 1 2] [--only NAME …]

Seeds the benchmark database (BENCH_DATABASE_URL, PostgreSQL), then for each worker count starts
the floor (bench/floor.py) and Conduit under uvicorn (uvloop, httptools, no access log:
ACCESS_LOG=off unless --access-log) and drives each endpoint with wrk on loopback for a fixed
time after a short warm-up; the list and a single article again with one connection ("c=1"
rows: the latency one client sees, p99 included; --no-one-client skips them). For every run it
reads the CPU time the server processes (and the database backends serving them) spent, from
/proc/<pid>/stat before and after: CPU-ms per request is the figure that a busy machine disturbs
least. Prints a table and writes it as JSON to bench/results/.
"""

import argparse
import itertools
import json
import logging
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import httpx

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = ROOT / "bench" / "wrk.lua"
RESULTS = ROOT / "bench" / "results"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
BENCH_TITLE = "Bench article"  # articles the create-article run writes, removed afterwards
ONE_CLIENT = ("list articles", "get article")  # also run with one connection: tail latency
# The accounts the write runs use and register (their email's domain), removed afterwards with
# everything they wrote: articles, comments, favorites, follows.
BENCH_WRITERS = "write.bench.conduit"
BENCH_PASSWORD = "conduit-bench-writes"  # noqa: S105 - the bench's own throwaway accounts
ACCOUNT_LIMITS = (
    "RATE_LIMIT_REGISTER_IP",
    "RATE_LIMIT_REGISTER_ACCOUNT",
    "RATE_LIMIT_LOGIN_IP",
    "RATE_LIMIT_LOGIN_ACCOUNT_CLIENT",
    "RATE_LIMIT_LOGIN_ACCOUNT",
)
FRESH_PER_SECOND = 600  # writes that use their data up get this many requests per second of load


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    token: str = ""
    body: str = ""


@dataclass(frozen=True)
class Endpoint:
    name: str
    kind: str  # "read" or "write"
    requests: list[Request]
    # For writes that use their data up (a delete, a first favorite): fresh requests for each
    # load run, at most the given number (the two servers of a side-by-side run share a database).
    fresh: Callable[[int], list[Request]] | None = None
    # Runs beside the load (it reads live events, say) and returns its figures, merged into the
    # result: given the server's URL, it returns the function that stops it.
    beside: Callable[[str], Callable[[], dict[str, Any]]] | None = None


@dataclass
class Result:
    server: str  # "floor" or "conduit"
    workers: int
    endpoint: str
    kind: str
    seconds: float
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    cpu_ms_per_request: float  # the server's processes
    db_cpu_ms_per_request: float  # the PostgreSQL backends they used
    of_floor: float | None = None
    # bench/deployed.py: the share of cpu_ms_per_request spent in nginx and PgBouncer, and the
    # round of the interleaved run
    edge_cpu_ms_per_request: float | None = None
    round: int | None = None
    wrk: dict[str, Any] = field(default_factory=dict)
    beside: dict[str, Any] = field(default_factory=dict)  # Endpoint.beside's figures


# --- processes --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants (uvicorn's workers are child processes)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def cpu_seconds(pids: Sequence[int]) -> dict[int, float]:
    """User + system CPU time of each live process, from /proc/<pid>/stat (fields 14 and 15)."""
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone
        times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return times


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(after[pid] - before.get(pid, 0.0) for pid in after)


class Target(Protocol):
    """What `measure` drives: a name, a worker count, a URL and the processes serving it."""

    name: str
    workers: int
    url: str

    def pids(self) -> list[int]: ...


@dataclass
class Server:
    name: str
    workers: int
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def pids(self) -> list[int]:
        return process_tree(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(
    name: str,
    app: str,
    workers: int,
    env: dict[str, str],
    log_dir: Path,
    probe: str,
    source: Path = ROOT,
    extra: Sequence[str] = (),
) -> Server:
    """uvicorn serving `app` (from the checkout `source`) on a free port, once `probe` answers;
    `extra`: more uvicorn options."""
    port = free_port()
    log = log_dir / f"{name}-{workers}.log"
    command = [
        sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--loop", "uvloop", "--http", "httptools",
        "--no-access-log", "--log-level", "warning", "--timeout-graceful-shutdown", "5",
        *(["--lifespan", "off"] if name != "floor" else []), *extra,
    ]  # fmt: skip
    env = {**env, "PYTHONPATH": str(source)}
    process = subprocess.Popen(
        command, cwd=source, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    server = Server(name, workers, process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited:\n{log.read_text()}")
        try:
            if httpx.get(server.url + probe, timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{name} did not answer within 60 s:\n{log.read_text()}")


# --- load -------------------------------------------------------------------------------------


def run_wrk(
    url: str,
    requests: Sequence[Request],
    *,
    seconds: float,
    connections: int,
    threads: int = 1,
    timeout: float = 10,
) -> dict[str, Any]:
    """Drive `requests` (cycled) against `url` with wrk; wrk's summary (bench/wrk.lua)."""
    with tempfile.TemporaryDirectory(prefix="conduit-bench-") as tmp:
        listing, out = Path(tmp) / "requests.tsv", Path(tmp) / "summary.json"
        run = os.urandom(4).hex()  # "{run}": names unique to this call (accounts, titles)
        listing.write_text(
            "".join(f"{r.method}\t{r.path}\t{r.token}\t{r.body}\n" for r in requests).replace(
                "{run}", run
            )
        )
        env = {**os.environ, "BENCH_REQUESTS": str(listing), "BENCH_OUT": str(out)}
        command = [
            "wrk", f"-t{threads}", f"-c{connections}", f"-d{max(int(seconds), 1)}s",
            f"--timeout={int(timeout)}s", "-s", str(WRK_SCRIPT), url,
        ]  # fmt: skip
        subprocess.run(command, env=env, check=True, capture_output=True)
        summary: dict[str, Any] = json.loads(out.read_text())
    summary["errors"] = sum(
        summary[key]
        for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    return summary


def at(endpoint: Endpoint, connections: int) -> Endpoint:
    """`endpoint`, named for a one-connection run ("list articles c=1") when `connections` is 1."""
    return replace(endpoint, name=f"{endpoint.name} c=1") if connections == 1 else endpoint


def measure(
    server: Target,
    endpoint: Endpoint,
    *,
    seconds: float,
    warmup: float,
    connections: int,
    db_pids: Any,
    tokens: dict[str, str] | None = None,
) -> Result:
    """Drive `endpoint` against `server`; `tokens`: ours → the ones the server's checkout issued."""

    def requests(load: float) -> list[Request]:
        chosen = endpoint.fresh(int(load * FRESH_PER_SECOND) + 1) if endpoint.fresh else None
        listed = chosen if chosen is not None else endpoint.requests
        if not tokens:
            return listed
        return [Request(r.method, r.path, tokens.get(r.token, r.token), r.body) for r in listed]

    if warmup:
        run_wrk(server.url, requests(warmup), seconds=warmup, connections=connections)
    load = requests(seconds)
    stop_beside = endpoint.beside(server.url) if endpoint.beside else None
    pids, backends = server.pids(), db_pids()
    app_before, db_before = cpu_seconds(pids), cpu_seconds(backends)
    summary = run_wrk(server.url, load, seconds=seconds, connections=connections)
    app_after, db_after = cpu_seconds(pids), cpu_seconds(sorted({*backends, *db_pids()}))
    beside = stop_beside() if stop_beside else {}
    count = max(summary["requests"], 1)
    elapsed = summary["duration_us"] / 1e6
    return Result(
        server=server.name,
        workers=server.workers,
        endpoint=endpoint.name,
        kind=endpoint.kind,
        seconds=round(elapsed, 2),
        requests=summary["requests"],
        errors=summary["errors"],
        rps=round(summary["requests"] / elapsed, 1),
        p50_ms=summary["p50_us"] / 1000,
        p99_ms=summary["p99_us"] / 1000,
        max_ms=summary["max_us"] / 1000,
        cpu_ms_per_request=round(1000 * cpu_used(app_before, app_after) / count, 3),
        db_cpu_ms_per_request=round(1000 * cpu_used(db_before, db_after) / count, 3),
        wrk=summary,
        beside=beside,
    )


# --- the dataset and the requests -------------------------------------------------------------


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    # Development mode, chosen explicitly (production refuses to start without real secrets);
    # the servers it starts inherit it.
    os.environ["CONDUIT_ENV"] = "development"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)


def ensure_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def endpoints(rng: random.Random) -> list[Endpoint]:
    """The requests of each benchmarked endpoint, drawn from the seeded data."""
    from core.domain.auth import token_issue
    from core.domain.management.commands.seed import EMAIL_DOMAIN
    from core.domain.models import Article, Tag, User

    users = list(User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").order_by("pk"))
    readers = rng.sample(users, min(100, len(users)))
    tokens = [token_issue(user) for user in readers]
    slugs = list(
        Article.objects.filter(author__in=users).order_by("?").values_list("slug", flat=True)[:200]
    )
    tags = list(
        Tag.objects.filter(article_tags__isnull=False).distinct().values_list("name", flat=True)
    )
    tags = rng.sample(tags, min(50, len(tags)))
    names = [user.username for user in readers]
    body = json.dumps(
        {
            "article": {
                "title": f"{BENCH_TITLE} {{n}}",
                "description": "Written by the benchmark",
                "body": "## Load\n\n" + "Measured, not guessed. " * 80,
                "tagList": tags[:3],
            }
        }
    )
    return [
        Endpoint("list articles", "read", [Request("GET", "/api/articles")]),
        Endpoint("list by tag", "read", [Request("GET", f"/api/articles?tag={t}") for t in tags]),
        Endpoint(
            "list by author", "read", [Request("GET", f"/api/articles?author={n}") for n in names]
        ),
        Endpoint(
            "list favorited by",
            "read",
            [Request("GET", f"/api/articles?favorited={n}") for n in names],
        ),
        Endpoint("feed", "read", [Request("GET", "/api/articles/feed", t) for t in tokens]),
        Endpoint(
            "get article",
            "read",
            [
                Request("GET", f"/api/articles/{s}", t)
                for s, t in zip(slugs, tokens * 2, strict=False)
            ],
        ),
        Endpoint(
            "article comments",
            "read",
            [Request("GET", f"/api/articles/{s}/comments") for s in slugs],
        ),
        Endpoint("tags", "read", [Request("GET", "/api/tags")]),
        Endpoint("current user", "read", [Request("GET", "/api/user", t) for t in tokens]),
        Endpoint(
            "profile",
            "read",
            [
                Request("GET", f"/api/profiles/{n}", t)
                for n, t in zip(names, tokens[1:], strict=False)
            ],
        ),
        Endpoint(
            "favorite+unfavorite",
            "write",
            [
                Request(method, f"/api/articles/{slug}/favorite", token)
                for slug, token in zip(slugs, tokens * 2, strict=False)
                for method in ("POST", "DELETE")
            ],
        ),
        Endpoint(
            "create article", "write", [Request("POST", "/api/articles", t, body) for t in tokens]
        ),
        *write_endpoints(rng, slugs, [user.pk for user in users], body),
    ]


def bench_writers(count: int) -> list[Any]:
    """`count` accounts of the bench's own (BENCH_WRITERS) for the write runs, created once."""
    from django.contrib.auth.hashers import make_password

    from core.domain.models import User
    from core.domain.models.users import identity_key
    from core.domain.text import skeleton

    password = make_password(BENCH_PASSWORD)
    names = [f"bench_w{n:03d}" for n in range(count)]
    User.objects.bulk_create(
        [
            User(
                username=name,
                username_skeleton=skeleton(name),
                email=f"{name}@{BENCH_WRITERS}",
                username_key=identity_key(name),
                email_key=identity_key(f"{name}@{BENCH_WRITERS}"),
                password=password,
            )
            for name in names
        ],
        ignore_conflicts=True,
    )
    return list(User.objects.filter(username__in=names).order_by("pk"))


def write_endpoints(
    rng: random.Random, slugs: list[str], seeded_ids: list[int], article_body: str
) -> list[Endpoint]:
    """A row per write, by the bench's own accounts (BENCH_WRITERS): what they write goes with
    them (`remove_bench_data`). A write that uses its data up draws fresh data for each run."""
    from core.domain.auth import token_issue
    from core.domain.models import Article, Comment, Favorite, Follow

    writers = bench_writers(100)
    token_of = {writer.pk: token_issue(writer) for writer in writers}
    tokens = list(token_of.values())
    article_ids = dict(Article.objects.filter(slug__in=slugs).values_list("slug", "pk"))

    def own_articles(count: int, kind: str) -> list[tuple[str, str]]:
        """`count` new articles by the writers (no tags, no events): (slug, its author's token)."""
        from django.utils import timezone

        stamp = f"{kind}-{time.time_ns()}"
        created = Article.objects.bulk_create(
            Article(
                author_id=writers[n % len(writers)].pk,
                slug=f"bench-{stamp}-{n}",
                title=f"{BENCH_TITLE} {stamp} {n}",
                description="Written by the benchmark",
                body="To be rewritten or deleted.",
                created_at=timezone.now(),
                updated_at=timezone.now(),
            )
            for n in range(count)
        )
        return [(a.slug, token_of[a.author_id]) for a in created]

    used: set[tuple[int, int]] = set()

    def fresh_pairs(count: int, targets: list[int]) -> list[tuple[int, int]]:
        """`count` (writer, target) pairs never drawn before in this run."""
        pairs: list[tuple[int, int]] = []
        while len(pairs) < count:
            pair = (rng.choice(writers).pk, rng.choice(targets))
            if pair not in used:
                used.add(pair)
                pairs.append(pair)
        return pairs

    slug_of = {pk: slug for slug, pk in article_ids.items()}
    article_pks = list(slug_of)  # where comments go
    # Favorites draw from more articles: each run takes fresh (writer, article) pairs.
    slug_of.update(Article.objects.order_by("?").values_list("pk", "slug")[:5000])
    favorable = list(slug_of)

    from core.domain.models import User

    name_of = dict(User.objects.filter(pk__in=seeded_ids).values_list("pk", "username"))

    def links(
        method: str,
        path: Callable[[int], str],
        targets: list[int],
        existing: Callable[[int, int], Any] | None = None,
    ) -> Callable[[int], list[Request]]:
        """Requests of fresh (writer, target) pairs; `existing` makes the row each undoes."""

        def draw(count: int) -> list[Request]:
            pairs = fresh_pairs(count, targets)
            if existing is not None:
                rows = [existing(w, t) for w, t in pairs]
                type(rows[0])._default_manager.bulk_create(rows)
            return [Request(method, path(t), token_of[w]) for w, t in pairs]

        return draw

    def favorite_path(article: int) -> str:
        return f"/api/articles/{slug_of[article]}/favorite"

    def follow_path(user: int) -> str:
        return f"/api/profiles/{name_of[user]}/follow"

    favorites = links("POST", favorite_path, favorable)
    unfavorites = links(
        "DELETE", favorite_path, favorable, lambda w, a: Favorite(user_id=w, article_id=a)
    )
    follows = links("POST", follow_path, seeded_ids)
    unfollows = links(
        "DELETE", follow_path, seeded_ids, lambda w, u: Follow(follower_id=w, followee_id=u)
    )

    def article_updates(count: int) -> list[Request]:
        update = json.dumps({"article": {"body": "Rewritten {n} by the benchmark."}})
        return [
            Request("PUT", f"/api/articles/{slug}", token, update)
            for slug, token in own_articles(min(count, 500), "update")
        ]

    def article_deletes(count: int) -> list[Request]:
        return [
            Request("DELETE", f"/api/articles/{slug}", token)
            for slug, token in own_articles(count, "delete")
        ]

    def comment_deletes(count: int) -> list[Request]:
        created = Comment.objects.bulk_create(
            Comment(article_id=rng.choice(article_pks), author_id=w.pk, body="To be deleted.")
            for w in (writers[n % len(writers)] for n in range(count))
        )
        return [
            Request(
                "DELETE",
                f"/api/articles/{slug_of[c.article_id]}/comments/{c.pk}",
                token_of[c.author_id],
            )
            for c in created
        ]

    register = json.dumps(
        {
            "user": {
                "username": "bench_r{run}_{n}",
                "email": f"bench_r{{run}}_{{n}}@{BENCH_WRITERS}",
                "password": BENCH_PASSWORD,
            }
        }
    )
    comment = json.dumps({"comment": {"body": "Measured {n}, not guessed."}})
    mixed = [
        request
        for slug, token in zip(slugs, tokens * 2, strict=False)
        for request in (
            Request("POST", "/api/articles", token, article_body),
            Request("POST", f"/api/articles/{slug}/favorite", token),
            Request("DELETE", f"/api/articles/{slug}/favorite", token),
        )
    ]
    return [
        Endpoint("register", "write", [Request("POST", "/api/users", "", register)]),
        Endpoint(
            "login",
            "write",
            [
                Request(
                    "POST",
                    "/api/users/login",
                    "",
                    json.dumps({"user": {"email": w.email, "password": BENCH_PASSWORD}}),
                )
                for w in writers
            ],
        ),
        Endpoint(
            "update user",
            "write",
            [
                Request("PUT", "/api/user", t, json.dumps({"user": {"bio": "Bench {n}"}}))
                for t in tokens
            ],
        ),
        Endpoint("update article", "write", [], fresh=article_updates),
        Endpoint("delete article", "write", [], fresh=article_deletes),
        Endpoint("favorite", "write", [], fresh=favorites),
        Endpoint("unfavorite", "write", [], fresh=unfavorites),
        Endpoint("follow", "write", [], fresh=follows),
        Endpoint("unfollow", "write", [], fresh=unfollows),
        Endpoint(
            "comment",
            "write",
            [
                Request("POST", f"/api/articles/{s}/comments", t, comment)
                for s, t in zip(slugs, tokens * 2, strict=False)
            ],
        ),
        Endpoint("delete comment", "write", [], fresh=comment_deletes),
        Endpoint("concurrent writes", "write", mixed, beside=resuming_reader),
    ]


# Run inside another checkout: one token per user id given, issued by that checkout's own code
# (token formats change between versions; a token of ours may mean nothing to it).
ISSUE_TOKENS = """
import sys, django
django.setup()
try:
    from core.domain.auth import token_issue
    from core.domain.models import User
except ImportError:  # before core/ was split
    from core.auth import token_issue
    from core.models import User
for pk in sys.argv[1:]:
    print(token_issue(User.objects.get(pk=int(pk))))
"""


def token_map(source: Path, env: dict[str, str], chosen: Sequence[Endpoint]) -> dict[str, str]:
    """Each token `chosen` uses (and the bench writers'), mapped to one the checkout `source`
    issued for its user."""
    import jwt

    from core.domain.auth import token_issue
    from core.domain.models import User

    writers = User.objects.filter(email__endswith=f"@{BENCH_WRITERS}")
    ours = sorted(
        {r.token for e in chosen for r in e.requests if r.token}
        | {token_issue(user) for user in writers}
    )
    ids = [str(jwt.decode(t, options={"verify_signature": False})["sub"]) for t in ours]
    done = subprocess.run(
        [sys.executable, "-c", ISSUE_TOKENS, *ids],
        cwd=source,
        env={**env, "PYTHONPATH": str(source)},
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(zip(ours, done.stdout.split(), strict=True))


def resuming_reader(url: str) -> Callable[[], dict[str, Any]]:
    """An SSE client of the `articles` topic that reconnects every few events, resuming from
    the last id it saw, while the load runs. Its stop function waits until it has read up to the
    newest event, then says how many it missed, got twice or out of order."""
    import threading

    from core.domain.events.outbox import newest_id
    from core.domain.models import Event

    start = newest_id()
    received: list[int] = []
    arrived = threading.Condition()  # notified on every event read
    stop = threading.Event()
    reconnects = [0]

    def read() -> None:
        rng = random.Random(7)
        last = start
        with httpx.Client(base_url=url, timeout=httpx.Timeout(10, read=2)) as client:
            while not stop.is_set():
                headers = {"Last-Event-ID": str(last)}
                try:
                    with client.stream(
                        "GET", "/api/events", params={"topics": "articles"}, headers=headers
                    ) as response:
                        budget = rng.randint(5, 50)
                        for line in response.iter_lines():
                            if line.startswith("id:"):
                                event_id = int(line[3:].strip())
                                if event_id > start:
                                    with arrived:
                                        received.append(event_id)
                                        arrived.notify_all()
                                last = event_id
                                budget -= 1
                            if budget <= 0 or stop.is_set():
                                break
                except httpx.TransportError:
                    pass  # a read timeout while idle: reconnect
                reconnects[0] += 1

    waiting: list[int] = []  # backends waiting for the outbox's event lock, sampled
    loaded = threading.Event()  # the load is over

    def sample() -> None:
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            while not loaded.is_set():
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
                ).fetchone()
                waiting.append(row[0] if row else 0)
                loaded.wait(0.02)  # the sampling pace; ends as soon as the load does

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()

    def finish() -> dict[str, Any]:
        loaded.set()
        end = newest_id()
        expected = list(
            Event.objects.filter(pk__gt=start, pk__lte=end, recipient_id__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        with arrived:  # until the reader has read up to the newest event (a state, not a pause)
            arrived.wait_for(lambda: bool(received) and received[-1] >= end, timeout=30)
        stop.set()
        thread.join(15)
        sampler.join(5)
        got = [event_id for event_id in received if event_id <= end]
        return {
            "events": len(expected),
            "received": len(got),
            "lost": len(set(expected) - set(got)),
            "repeated": len(got) - len(set(got)),
            "out_of_order": sum(1 for a, b in itertools.pairwise(got) if b <= a),
            "reconnects": reconnects[0],
            # How many writers wait for the event lock at a time, on average and at most.
            "lock_waiters_mean": round(sum(waiting) / max(len(waiting), 1), 2),
            "lock_waiters_max": max(waiting, default=0),
        }

    return finish


def seed_sizes(scale: float) -> dict[str, int]:
    """`manage.py seed` options for a share of the default dataset (1.0: the default)."""
    defaults = {"users": 1_000, "articles": 20_000, "favorites": 100_000, "comments": 50_000}
    return {name: max(int(size * scale), 2) for name, size in defaults.items()}


def remove_bench_articles(title: str = BENCH_TITLE) -> None:
    """Delete the articles a benchmark wrote (their titles start with `title`), and the bench's
    own accounts (BENCH_WRITERS) with all they wrote; then recount the tags' uses."""
    from core.domain.models import Article, User
    from core.domain.services.tags import tag_uses_recount

    Article.objects.filter(title__startswith=title).delete()
    User.objects.filter(email__endswith=f"@{BENCH_WRITERS}").delete()
    tag_uses_recount()


def backend_pids() -> list[int]:
    """The PostgreSQL backends connected to the benchmark database, but ours."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


# --- report -----------------------------------------------------------------------------------


def table(results: Sequence[Result]) -> str:
    header = (
        f"{'server':<8} {'w':>1} {'endpoint':<20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'CPU ms/req':>10} {'DB ms/req':>9} {'of floor':>8}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        share = f"{100 * r.of_floor:.0f}%" if r.of_floor is not None else ""
        lines.append(
            f"{r.server:<8} {r.workers:>1} {r.endpoint:<20} {r.rps:>8.0f} {r.p50_ms:>8.1f} "
            f"{r.p99_ms:>8.1f} {r.errors:>6} {r.cpu_ms_per_request:>10.2f} "
            f"{r.db_cpu_ms_per_request:>9.2f} {share:>8}"
        )
    return "\n".join(lines)


def git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return done.stdout.strip()


def write_results(
    args: argparse.Namespace,
    *,
    prefix: str = "",
    machine: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
    **content: Any,
) -> Path:
    """Store a run in `args.output` as `<prefix><UTC stamp>.json` (what bench/report.py and the docs'
    markers read): when, commit, label, the machine, the settings (the command's options, plus
    `settings`), then `content` (the results, ...)."""
    output: Path = args.output
    output.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = output / f"{prefix}{stamp}.json"
    document = {
        "when": stamp,
        "commit": git_commit(),
        "label": args.label,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), **(machine or {})},
        "settings": {k: v for k, v in vars(args).items() if k != "output"} | (settings or {}),
        **content,
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
    print(f"\nwritten to {path}")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per run")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of load before each")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--only", nargs="+", help="endpoint names to run (default: all)")
    parser.add_argument("--no-seed", action="store_true", help="reuse the seeded database")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="dataset size, as a share of the default one"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where the JSON goes")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout of Conduit (e.g. `git archive main`) to measure side by side",
    )
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument(
        "--no-one-client", action="store_true", help="skip the one-connection (c=1) rows"
    )
    parser.add_argument(
        "--access-log", action="store_true", help="the servers log each request (ACCESS_LOG)"
    )
    parser.add_argument("--label", default="", help="a note stored with the results")
    parser.add_argument(
        "--client-limit",
        default="off",
        help="RATE_LIMIT_CLIENT for the servers (default off: wrk is one client and would be "
        "refused); a rate far above the load, e.g. 1000000000/60, keeps the limit counted on "
        "every request (in Redis when REDIS_URL is set) without refusing any",
    )
    args = parser.parse_args()
    # `kill PID` stops the servers it started too (SystemExit unwinds the cleanup).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/conduit_bench"
    )
    ensure_database(database_url)
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not args.no_seed:
        call_command("seed", **seed_sizes(args.scale))
    remove_bench_articles()
    chosen = [e for e in endpoints(random.Random(5)) if not args.only or e.name in args.only]

    # wrk is one client: the per-client ceiling (an abuse limit) would answer most of it 429.
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RATE_LIMIT_CLIENT": args.client_limit,
        # The register and login rows: one client signing in hundreds of times a second.
        **dict.fromkeys(ACCOUNT_LIMITS, "off"),
    }
    env["ACCESS_LOG"] = "on" if args.access_log else "off"
    env.pop("DEBUG", None)
    results: list[Result] = []
    load = os.getloadavg()
    print(
        f"{os.cpu_count()} CPUs, load {load[0]:.2f}; {args.connections} connections, "
        f"{args.duration:.0f} s per run after {args.warmup:.0f} s of warm-up",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="conduit-bench-logs-") as logs:
        for workers in args.workers:
            floor_rps: dict[int, float] = {}  # by connections
            one = () if args.no_one_client or args.connections == 1 else (1,)
            if not args.no_floor:
                floor = start_server(
                    "floor", "bench.floor:app", workers, env, Path(logs), "/api/articles"
                )
                try:
                    for connections in (args.connections, *one):
                        result = measure(
                            floor,
                            at(
                                Endpoint(
                                    "list articles", "read", [Request("GET", "/api/articles")]
                                ),
                                connections,
                            ),
                            seconds=args.duration,
                            warmup=args.warmup,
                            connections=connections,
                            db_pids=backend_pids,
                        )
                        floor_rps[connections] = result.rps
                        results.append(result)
                        print(table(results[-1:]).splitlines()[-1], flush=True)
                finally:
                    floor.stop()
            sources = {"conduit": ROOT, **({"baseline": args.baseline} if args.baseline else {})}
            servers: list[Server] = []
            try:
                for name, source in sources.items():  # each stopped below, even if one fails
                    servers.append(
                        start_server(
                            name,
                            "core.config.asgi:application",
                            workers,
                            env,
                            Path(logs),
                            "/api/tags",
                            source,
                        )
                    )
                tokens_of: dict[str, dict[str, str]] = {"conduit": {}}
                if args.baseline:
                    tokens_of["baseline"] = token_map(args.baseline, env, chosen)
                for endpoint in chosen:
                    for connections in (
                        args.connections,
                        *(one if endpoint.name in ONE_CLIENT else ()),
                    ):
                        for server in servers:  # side by side, endpoint by endpoint
                            result = measure(
                                server,
                                at(endpoint, connections),
                                seconds=args.duration,
                                warmup=args.warmup,
                                connections=connections,
                                db_pids=backend_pids,
                                tokens=tokens_of[server.name],
                            )
                            if connections in floor_rps and endpoint.kind == "read":
                                result.of_floor = round(result.rps / floor_rps[connections], 3)
                            results.append(result)
                            print(table(results[-1:]).splitlines()[-1], flush=True)
            finally:
                for server in servers:
                    server.stop()
                remove_bench_articles()

    print()
    print(table(results))
    write_results(args, machine={"load_before": load}, results=[asdict(r) for r in results])


if __name__ == "__main__":
    main()
