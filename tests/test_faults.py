"""Dependencies failing under a live server: it answers fast and clearly, and heals by itself.

Each test runs its own PostgreSQL or Redis server on a free port and stops and starts it: the
machine's servers stay up. The app under test is a real uvicorn process that is never restarted.
"""

import os
import time
import uuid
from typing import Any

import httpx
import pytest
import redis as redis_client

from tests import live, servers

pytestmark = [pytest.mark.live, pytest.mark.fault]

POOL_TIMEOUT = 2  # seconds a request waits for a database connection


def register(http: httpx.Client, name: str) -> dict[str, Any]:
    user = {"username": name, "email": f"{name}@example.com", "password": "password123"}
    r = http.post("/users", json={"user": user})
    assert r.status_code == 201, r.text
    registered: dict[str, Any] = r.json()["user"]
    return registered


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def wait_until(predicate, timeout: float) -> float:
    """Seconds until `predicate()` held; fails after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s")


def _env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return {**env, **overrides}


@pytest.fixture
def own_postgres(tmp_path):
    with servers.postgres() as pg:
        url = pg.create_database("conduit")
        env = _env(DATABASE_URL=url, DB_POOL_TIMEOUT=str(POOL_TIMEOUT), HEALTH_CHECK_TIMEOUT="1")
        live.migrate(env)
        with live.serving(env, tmp_path / "uvicorn.log") as server:
            yield pg, server


def test_postgres_down_gives_fast_503s_and_the_app_heals_when_it_is_back(own_postgres):
    pg, server = own_postgres
    with httpx.Client(base_url=f"{server.url}/api", timeout=30) as http:
        author = register(http, "before")
        token = {"Authorization": f"Token {author['token']}"}
        created = http.post(
            "/articles",
            headers=token,
            json={"article": {"title": "Survivor", "description": "d", "body": "b"}},
        )
        slug = created.json()["article"]["slug"]

        pg.stop(mode="immediate")  # a crash, not a polite shutdown

        waits = []
        for call in (
            lambda: http.get("/articles"),
            lambda: http.get(f"/articles/{slug}"),
            lambda: http.get("/user", headers=token),
            lambda: http.post(
                "/users/login",
                json={"user": {"email": "before@example.com", "password": "password123"}},
            ),
            lambda: http.post(
                "/articles",
                headers=token,
                json={"article": {"title": "t", "description": "d", "body": "b"}},
            ),
        ):
            response, elapsed = timed(call)
            assert response.status_code == 503, response.text
            assert response.json() == {"errors": {"database": ["is unavailable, retry later"]}}
            assert int(response.headers["Retry-After"]) >= 1
            assert response.headers["X-Request-ID"]
            assert elapsed < POOL_TIMEOUT + 3  # bounded by the pool timeout, never a hang
            waits.append(elapsed)
        print(f"\nPostgreSQL down: 503 after {min(waits):.2f}-{max(waits):.2f} s")

        liveness, elapsed = timed(lambda: http.get("/health"))
        assert liveness.status_code == 200
        assert elapsed < 1
        ready, elapsed = timed(lambda: http.get("/health/ready"))
        assert ready.status_code == 503
        assert ready.json()["status"] == "degraded"
        assert ready.json()["checks"]["database"]["status"] == "unavailable"
        assert ready.json()["checks"]["cache"]["status"] == "ok"
        assert elapsed < 3

        pg.start()  # returns once PostgreSQL accepts connections

        # Heals by itself, without a restart: no request fails once the database answers again
        # (connections broken by the crash are checked and replaced, never handed out).
        statuses = [http.get(f"/articles/{slug}").status_code for _ in range(30)]
        assert statuses == [200] * 30, statuses
        healed_in = wait_until(lambda: http.get("/health/ready").status_code == 200, timeout=30)
        assert server.process.poll() is None
        print(f"\nPostgreSQL back: ready again after {healed_in:.1f} s")

        # Nothing was lost, and writes work again.
        assert http.get(f"/articles/{slug}").json()["article"]["title"] == "Survivor"
        login = http.post(
            "/users/login",
            json={"user": {"email": "before@example.com", "password": "password123"}},
        )
        assert login.status_code == 200
        register(http, "after")


def test_a_postgres_restart_between_requests_costs_no_request(own_postgres):
    pg, server = own_postgres
    with httpx.Client(base_url=f"{server.url}/api", timeout=30) as http:
        # Fill the pool with connections that the restart will break.
        author = register(http, "warm")
        token = {"Authorization": f"Token {author['token']}"}
        for _ in range(10):
            assert http.get("/user", headers=token).status_code == 200

        pg.stop(mode="immediate")
        pg.start()

        # The first request meets a connection the crash broke: 503, and the whole pool is
        # checked at once. Everything after it works.
        statuses = [http.get("/user", headers=token).status_code for _ in range(20)]
        assert statuses[0] in {200, 503}
        assert statuses[1:] == [200] * 19, statuses


@pytest.fixture
def own_redis(tmp_path, live_env):
    with servers.redis() as rd:
        env = {
            **_env(),
            **{k: v for k, v in live_env.items() if k in {"DATABASE_URL", "SQLITE_PATH"}},
            "REDIS_URL": rd.url,
            "RATE_LIMIT_LOGIN_IP": "6/60",
            "RATE_LIMIT_CACHE_RETRY_SECONDS": "1",
        }
        with live.serving(env, tmp_path / "uvicorn.log") as server:
            yield rd, server


def test_redis_down_keeps_rest_working_with_local_limits_and_ready_says_so(own_redis):
    rd, server = own_redis
    name = f"redis_{uuid.uuid4().hex[:8]}"
    credentials = {"user": {"email": f"{name}@example.com", "password": "password123"}}
    with httpx.Client(base_url=f"{server.url}/api", timeout=30) as http:
        assert http.get("/health/ready").json()["checks"]["cache"] == {
            "status": "ok",
            "detail": None,
        }
        register(http, name)
        assert http.post("/users/login", json=credentials).status_code == 200
        keys = redis_client.Redis.from_url(rd.url).keys("*:rl:*")
        assert keys  # the counters live in Redis while it is up

        rd.stop()

        for call in (
            lambda: http.get("/tags"),
            lambda: http.get("/articles"),
            lambda: http.post("/users/login", json=credentials),
        ):
            response, elapsed = timed(call)
            assert response.status_code == 200, response.text
            assert elapsed < 2
        ready = http.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["database"]["status"] == "ok"
        assert ready.json()["checks"]["cache"]["status"] == "unavailable"

        # The limits still hold, counted in the process's memory (6 logins a minute here).
        statuses = [http.post("/users/login", json=credentials).status_code for _ in range(8)]
        assert 429 in statuses
        assert statuses[0] == 200

        rd.start()

        healed_in = wait_until(lambda: http.get("/health/ready").status_code == 200, timeout=20)
        print(f"\nRedis back: ready again after {healed_in:.1f} s")
        redis_client.Redis.from_url(rd.url).flushdb()
        time.sleep(1.1)  # past the retry delay: counting moves back to Redis
        http.get("/tags")
        assert redis_client.Redis.from_url(rd.url).keys("*:rl:*")
        assert server.process.poll() is None
