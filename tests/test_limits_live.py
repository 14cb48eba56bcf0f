"""Abuse limits across worker processes sharing Redis: two uvicorn servers, requests split
between them, many in flight at once. The budgets hold exactly, as on one worker
(tests/api/test_abuse_limits.py)."""

import asyncio
import itertools
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from tests import live

pytestmark = [pytest.mark.live, pytest.mark.redis]

IN_FLIGHT = 60
LIMITS = {
    "RATE_LIMIT_CLIENT": "off",
    "RATE_LIMIT_LOGIN_IP": "off",
    "RATE_LIMIT_REGISTER_IP": "off",
    "RATE_LIMIT_LOGIN_ACCOUNT_CLIENT": "10/900",
    "RATE_LIMIT_LOGIN_ACCOUNT": "20/3600",
    "RATE_LIMIT_PROBE": "10/3600",
    "TRUSTED_PROXY_COUNT": "1",
}


@pytest.fixture(scope="module")
def workers(
    live_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[live.Server]]:
    env = {**live_env, **LIMITS}
    logs = tmp_path_factory.mktemp("limits-logs")
    servers = [live.start_server(env, logs / f"worker{n}.log") for n in range(2)]
    yield servers
    for server in servers:
        server.stop()


async def _send(workers, requests):
    """Send (method, path, json, address) requests all at once, alternating between workers."""
    turn = itertools.cycle(workers)
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=200)) as http:
        calls = [
            http.request(
                method, f"{next(turn).url}/api{path}", json=body, headers={"X-Forwarded-For": ip}
            )
            for method, path, body, ip in requests
        ]
        return Counter(r.status_code for r in await asyncio.gather(*calls))


async def _register(workers, name, address):
    user = {"username": name, "email": f"{name}@example.com", "password": "password123"}
    assert await _send(workers, [("POST", "/users", {"user": user}, address)]) == {201: 1}


WRONG = "wrong password"


def _login(name, address, password=WRONG):
    return ("POST", "/users/login", {"user": {"email": f"{name}@example.com", "password": password}}, address)  # fmt: skip


async def test_parallel_wrong_passwords_across_workers_check_exactly_the_budget(workers):
    await _register(workers, "target1", "192.0.2.1")
    tries = [_login("target1", "198.51.100.1") for _ in range(IN_FLIGHT)]
    assert await _send(workers, tries) == {401: 10, 429: IN_FLIGHT - 10}


async def test_many_addresses_across_workers_are_bounded_and_the_owner_gets_in(workers):
    home = "192.0.2.2"
    await _register(workers, "target2", home)
    attack = [_login("target2", f"203.0.{n // 200}.{n % 200}") for n in range(IN_FLIGHT * 2)]
    assert await _send(workers, attack) == {401: 20, 429: IN_FLIGHT * 2 - 20}
    assert await _send(workers, [_login("target2", "192.0.2.99", "password123")]) == {429: 1}
    assert await _send(workers, [_login("target2", home, "password123")]) == {200: 1}


async def test_probing_across_workers_is_exact(workers):
    probes = [("GET", f"/profiles/ghost{n}", None, "198.51.100.50") for n in range(IN_FLIGHT)]
    assert await _send(workers, probes) == {404: 10, 429: IN_FLIGHT - 10}
