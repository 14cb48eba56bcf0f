import logging
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
import pytest
from asgiref.sync import SyncToAsync
from channels.layers import channel_layers
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections
from django.test import AsyncClient

from core.domain.auth import token_issue
from core.domain.ratelimit import counters
from core.domain.selectors.tags import tag_list_changed
from tests import factories, live

# Each pytest process (an xdist worker of `pytest -n 2`, as CI runs, or a whole run beside another
# on the same Redis) has its own databases (pytest-django names them test_<name>_gw0, ...;
# live.fresh_database makes uniquely named ones) and its own Redis namespace, so that no process's
# counters or events reach another's: the cache's key prefix and the channel layer's prefix, here
# and in every server a test starts (they inherit the environment). A run's counters are deleted
# at each test's start (tests are isolated) and its keys when it ends.
NAMESPACE = f"conduit-test-{uuid.uuid4().hex[:12]}"
os.environ["CACHE_KEY_PREFIX"] = NAMESPACE
os.environ["EVENTS_CHANNEL_PREFIX"] = f"{NAMESPACE}:layer:"
if settings.REDIS_URL:
    settings.CACHES["default"]["KEY_PREFIX"] = NAMESPACE
    layer: dict[str, Any] = settings.CHANNEL_LAYERS["default"]
    layer["CONFIG"]["prefix"] = f"{NAMESPACE}:layer:"
COUNTERS = f"{NAMESPACE}:*:rl:*"  # this process's rate-limit counters, and its servers'


@pytest.fixture(autouse=True)
def _close_executor_connections() -> Iterator[None]:
    """Async tests leave a connection open on asgiref's executor thread; close it so the test
    database can be flushed and dropped."""
    yield
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Each test starts with no request counted against it (tests are isolated): by this
    process, or by the servers its tests start."""
    cache = caches["default"]
    if isinstance(cache, LocMemCache):
        cache.clear()
    else:  # Redis: only this run's counters, not whatever else shares the database
        _delete_keys(COUNTERS)
    counters.clear_local()


@pytest.fixture(autouse=True)
def _fresh_channel_layer() -> Iterator[None]:
    """Each test (each its own event loop) gets a channel layer of its own. channels-redis
    releases a cancelled receive's lock from a task on the loop it ran on; when that loop closed
    first (the test ended), the lock stayed held, bound to the dead loop, and the next test's hub
    failed with "bound to a different event loop"."""
    yield
    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def _fresh_tag_list() -> None:
    """Each test reads the tag list of its own database, not one an earlier test left in this
    process's cache (core.domain.selectors.tags)."""
    tag_list_changed()


@pytest.fixture(autouse=True, scope="session")
def _redis_namespace_removed() -> Iterator[None]:
    """Nothing of this run stays in Redis (keys that outlive their test, e.g. remembered
    addresses, would otherwise pile up run after run)."""
    yield
    if settings.REDIS_URL:
        _delete_keys(f"{NAMESPACE}:*")


def _delete_keys(pattern: str) -> None:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter(match=pattern, count=1000))
    if keys:
        client.delete(*keys)
    client.close()


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
    - `once` on the fuzz and fault tests too (the browser and SDK tests carry it themselves):
      the slow checks, which CI's SQLite pass leaves out (`-m "database and not once"`).
    - The fuzz tests run first, being the longest (pytest-xdist then spreads the rest).
    - PostgreSQL-only tests are deselected (not skipped) on a SQLite run, and Redis-only tests
      on a run without REDIS_URL; CI runs both ways.
    """
    for item in items:
        if _uses_a_database(item):
            item.add_marker(pytest.mark.database)
        if item.get_closest_marker("fuzz") or item.get_closest_marker("fault"):
            item.add_marker(pytest.mark.once)
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
