import logging
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


@pytest.fixture(autouse=True)
def _close_executor_connections() -> Iterator[None]:
    """Async tests leave a connection open on asgiref's executor thread; close it so the test
    database can be flushed and dropped."""
    yield
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Each test starts with no request counted against it (tests are isolated)."""
    cache = caches["default"]
    if isinstance(cache, LocMemCache):
        cache.clear()
    else:  # Redis: only our counters, not whatever else shares the database
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        keys = list(client.scan_iter(match="conduit:*:rl:*", count=1000))
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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL-only tests are deselected (not skipped) on a SQLite run, and Redis-only tests
    on a run without REDIS_URL; CI runs both ways."""
    from django.conf import settings

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
