import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
import pytest
from asgiref.sync import SyncToAsync
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections
from django.test import AsyncClient

from core.domain.auth import token_issue
from core.domain.ratelimit import counters
from tests import factories, live

# pytest-xdist (`pytest -n 2`, as CI runs): each worker has its own databases (pytest-django names
# them test_<name>_gw0, ...; live.fresh_database makes uniquely named ones), and here its own
# Redis namespaces, so that no worker's counters or events reach another's: the cache's key
# prefix and the channel layer's prefix in this process, and the channel-layer prefix of every
# server a test starts (they inherit the environment). The live servers' cache counters keep the
# default prefix: the tests that use them run on one worker (see pytest_collection_modifyitems).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if WORKER:
    settings.CACHES["default"]["KEY_PREFIX"] = f"conduit-{WORKER}"
    if settings.REDIS_URL:
        layer: dict[str, Any] = settings.CHANNEL_LAYERS["default"]
        layer["CONFIG"]["prefix"] = f"conduit-{WORKER}:layer:"
    os.environ.setdefault("EVENTS_CHANNEL_PREFIX", f"conduit-{WORKER}:layer:")
# The rate-limit counters of this process, and those of the live servers (default prefix).
OWN_COUNTERS = f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:*:rl:*"
SERVER_COUNTERS = "conduit:*:rl:*"


@pytest.fixture(autouse=True)
def _close_executor_connections() -> Iterator[None]:
    """Async tests leave a connection open on asgiref's executor thread; close it so the test
    database can be flushed and dropped."""
    yield
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request: pytest.FixtureRequest) -> None:
    """Each test starts with no request counted against it (tests are isolated): this process's
    counters, and, for a test that starts live servers, theirs."""
    cache = caches["default"]
    if isinstance(cache, LocMemCache):
        cache.clear()
    else:  # Redis: only our counters, not whatever else shares the database
        import redis

        patterns = {OWN_COUNTERS}
        if _shares_the_live_servers(request.node):
            patterns.add(SERVER_COUNTERS)
        client = redis.Redis.from_url(settings.REDIS_URL)
        keys = [key for p in patterns for key in client.scan_iter(match=p, count=1000)]
        if keys:
            client.delete(*keys)
        client.close()
    counters.clear_local()


@dataclass
class Response:
    status: int
    body: Any
    headers: dict[str, str]


class Api:
    """The app through its full ASGI stack (middleware included), speaking JSON."""

    def __init__(self) -> None:
        self.client = AsyncClient()

    async def request(
        self,
        method: str,
        path: str,
        json: Any = None,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
        content_type: str = "application/json",
    ) -> Response:
        all_headers = dict(headers or {})
        if token is not None:
            all_headers["Authorization"] = f"Token {token}"
        data = raw if raw is not None else (orjson.dumps(json) if json is not None else b"")
        response = await self.client.generic(
            method, path, data, content_type=content_type, headers=all_headers
        )
        content = response.content
        body = orjson.loads(content) if content else None
        return Response(response.status_code, body, dict(response.headers))

    async def get(self, path: str, **kwargs: Any) -> Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, json: Any = None, **kwargs: Any) -> Response:
        return await self.request("POST", path, json, **kwargs)

    async def put(self, path: str, json: Any = None, **kwargs: Any) -> Response:
        return await self.request("PUT", path, json, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> Response:
        return await self.request("DELETE", path, **kwargs)


@pytest.fixture
def api() -> Api:
    return Api()


@dataclass
class Member:
    """A registered user and a valid token for them."""

    user: Any
    token: str
    password: str = factories.PASSWORD


@pytest.fixture
async def member() -> Member:
    user = await factories.user()
    return Member(user, token_issue(user))


@pytest.fixture
async def other() -> Member:
    user = await factories.user()
    return Member(user, token_issue(user))


@dataclass
class SqlLog:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


class _Collector(logging.Handler):
    def __init__(self, log: SqlLog) -> None:
        super().__init__(logging.DEBUG)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        sql = getattr(record, "sql", None)
        if sql is not None:
            self.log.statements.append(sql)


@pytest.fixture
def sql_log(settings: Any) -> Iterator[SqlLog]:
    """Every SQL statement the app runs, on any thread, while the test runs.

    DEBUG makes every connection log its queries to the `django.db.backends` logger.
    """
    settings.DEBUG = True
    log = SqlLog()
    logger = logging.getLogger("django.db.backends")
    handler = _Collector(log)
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield log
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


@pytest.fixture(scope="session")
def live_env(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None
) -> Iterator[dict[str, str]]:
    """A migrated database of its own for the servers the live tests start."""
    with live.fresh_database(tmp_path_factory.mktemp("live")) as env:
        yield env


@pytest.fixture(scope="session")
def app_server(
    live_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[live.Server]:
    """The app under uvicorn, as `make run` serves it (named apart from pytest-django's live_server)."""
    server = live.start_server(live_env, tmp_path_factory.mktemp("logs") / "uvicorn.log")
    yield server
    server.stop()


def _shares_the_live_servers(item: pytest.Item) -> bool:
    """A test that starts servers on the machine's Redis with rate limits on: not the fuzz tests
    (limits off) nor the fault tests (their own Redis)."""
    return bool(item.get_closest_marker("live")) and not (
        item.get_closest_marker("fuzz") or item.get_closest_marker("fault")
    )


def _uses_a_database(item: pytest.Item) -> bool:
    return bool(item.get_closest_marker("django_db")) or "django_db_setup" in getattr(
        item, "fixturenames", ()
    )


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by the markers added here
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Markers and order for the run.

    - `database` on every test that touches a database (django_db, or a live server's own
      database): CI's second pass, on SQLite, runs only these (`-m database`); the rest (the
      contract, the SDKs, the SPA's serving) does not depend on the database.
    - With pytest-xdist (`--dist loadgroup`), the tests that start live servers on the machine's
      Redis with rate limits on share one worker (`xdist_group`), as they shared one process
      before: their servers count requests under one cache prefix and per client address. The
      fuzz and fault tests run apart (limits off; their own servers), and first, being the
      longest.
    - PostgreSQL-only tests are deselected (not skipped) on a SQLite run, and Redis-only tests
      on a run without REDIS_URL; CI runs both ways.
    """
    for item in items:
        if _uses_a_database(item):
            item.add_marker(pytest.mark.database)
        if _shares_the_live_servers(item):
            item.add_marker(pytest.mark.xdist_group("live-servers"))
    items.sort(key=lambda item: not item.get_closest_marker("fuzz"))  # stable: otherwise as found

    unavailable = set()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        unavailable.add("postgres")
    if not settings.REDIS_URL:
        unavailable.add("redis")
    if not unavailable:
        return

    def runs(item: pytest.Item) -> bool:
        return not any(item.get_closest_marker(name) for name in unavailable)

    selected = [item for item in items if runs(item)]
    deselected = [item for item in items if not runs(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
