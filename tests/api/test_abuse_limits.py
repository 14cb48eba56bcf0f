"""Abuse limits under attack (issue 13): exact under parallel requests, no lockout of the owner,
one probing budget. The same limits across worker processes sharing Redis: tests/test_limits_live.py.
"""

import asyncio
from collections import Counter

import pytest

from core.domain.limits import Rate
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

IN_FLIGHT = 60
WRONG = "wrong password"


def login(api, email, password=WRONG, address=None):
    headers = {"X-Forwarded-For": address} if address else None
    return api.post(
        "/api/users/login", {"user": {"email": email, "password": password}}, headers=headers
    )


def statuses(responses) -> Counter[int]:
    return Counter(r.status for r in responses)


@pytest.fixture
def only(settings):
    """Every limit off but the ones a test sets, so each test measures one budget."""
    for name in (
        "RATE_LIMIT_CLIENT",
        "RATE_LIMIT_LOGIN_IP",
        "RATE_LIMIT_LOGIN_ACCOUNT",
        "RATE_LIMIT_LOGIN_ACCOUNT_CLIENT",
        "RATE_LIMIT_REGISTER_IP",
        "RATE_LIMIT_REGISTER_ACCOUNT",
        "RATE_LIMIT_PROBE",
    ):
        setattr(settings, name, None)
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


async def test_parallel_wrong_passwords_from_one_address_check_exactly_the_budget(
    api, member, only
):
    only.RATE_LIMIT_LOGIN_ACCOUNT_CLIENT = Rate(10, 900)
    tries = [login(api, member.user.email, address="198.51.100.7") for _ in range(IN_FLIGHT)]
    counted = statuses(await asyncio.gather(*tries))
    assert counted == {401: 10, 429: IN_FLIGHT - 10}


async def test_parallel_wrong_passwords_from_many_addresses_are_bounded_by_the_account_ceiling(
    api, member, only
):
    only.RATE_LIMIT_LOGIN_ACCOUNT_CLIENT = Rate(10, 900)
    only.RATE_LIMIT_LOGIN_ACCOUNT = Rate(25, 3600)
    tries = [
        login(api, member.user.email, address=f"198.51.{n // 250}.{n % 250}")
        for n in range(IN_FLIGHT)
    ]
    assert statuses(await asyncio.gather(*tries)) == {401: 25, 429: IN_FLIGHT - 25}
    # The e-mail's case does not open a second budget.
    assert (await login(api, member.user.email.upper(), address="203.0.113.1")).status == 429


async def test_the_owner_signs_in_from_their_own_address_while_the_account_is_attacked(
    api, member, only
):
    only.RATE_LIMIT_LOGIN_ACCOUNT_CLIENT = Rate(5, 900)
    only.RATE_LIMIT_LOGIN_ACCOUNT = Rate(10, 3600)
    home = "192.0.2.10"
    assert (await login(api, member.user.email, member.password, address=home)).status == 200
    attack = [login(api, member.user.email, address=f"203.0.113.{n}") for n in range(IN_FLIGHT)]
    assert statuses(await asyncio.gather(*attack)) == {401: 10, 429: IN_FLIGHT - 10}
    # A new address, even with the right password, waits: the ceiling is spent.
    r = await login(api, member.user.email, member.password, address="192.0.2.99")
    assert r.status == 429
    # The owner's own address has its own budget: a typo, then the right password, gets in.
    assert (await login(api, member.user.email, address=home)).status == 401
    assert (await login(api, member.user.email, member.password, address=home)).status == 200


async def test_an_address_registered_from_is_one_the_owner_signs_in_from(api, only):
    only.RATE_LIMIT_LOGIN_ACCOUNT = Rate(3, 3600)
    home = "192.0.2.20"
    user = {"username": "newcomer", "email": "newcomer@example.com", "password": "password123"}
    r = await api.post("/api/users", {"user": user}, headers={"X-Forwarded-For": home})
    assert r.status == 201
    for n in range(5):
        await login(api, "newcomer@example.com", address=f"203.0.113.{n}")
    r = await login(api, "newcomer@example.com", "password123", address=home)
    assert r.status == 200


async def test_parallel_right_passwords_are_given_back(api, member, only):
    """A successful login returns its slot: the budget is for failures only."""
    only.RATE_LIMIT_LOGIN_ACCOUNT_CLIENT = Rate(10, 900)
    for _ in range(3):
        batch = [login(api, member.user.email, member.password) for _ in range(10)]
        assert statuses(await asyncio.gather(*batch)) == {200: 10}
    tries = [login(api, member.user.email) for _ in range(IN_FLIGHT)]
    assert statuses(await asyncio.gather(*tries)) == {401: 10, 429: IN_FLIGHT - 10}


async def test_parallel_logins_per_client_are_exact(api, member, only):
    only.RATE_LIMIT_LOGIN_IP = Rate(10, 60)
    tries = [login(api, f"nobody{n}@example.com") for n in range(IN_FLIGHT)]
    assert statuses(await asyncio.gather(*tries)) == {401: 10, 429: IN_FLIGHT - 10}


async def test_parallel_registrations_per_client_are_exact(api, only):
    only.RATE_LIMIT_REGISTER_IP = Rate(10, 60)
    tries = [
        api.post(
            "/api/users",
            {"user": {"username": f"r{n}", "email": f"r{n}@example.com", "password": "x" * 10}},
        )
        for n in range(IN_FLIGHT)
    ]
    assert statuses(await asyncio.gather(*tries)) == {201: 10, 429: IN_FLIGHT - 10}


async def test_parallel_registrations_per_email_are_exact(api, only):
    only.RATE_LIMIT_REGISTER_ACCOUNT = Rate(10, 300)
    tries = [
        api.post(
            "/api/users",
            {"user": {"username": f"s{n}", "email": "same@example.com", "password": "x" * 10}},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
        )
        for n in range(IN_FLIGHT)
    ]
    assert statuses(await asyncio.gather(*tries)) == {201: 1, 409: 9, 429: IN_FLIGHT - 10}


async def test_parallel_requests_per_client_are_exact(api, only):
    only.RATE_LIMIT_CLIENT = Rate(10, 60)
    tries = [api.get("/api/tags") for _ in range(IN_FLIGHT)]
    assert statuses(await asyncio.gather(*tries)) == {200: 10, 429: IN_FLIGHT - 10}


async def test_every_path_that_tells_an_account_exists_shares_one_probing_budget(
    api, member, other, only
):
    only.RATE_LIMIT_PROBE = Rate(6, 3600)
    taken = {"username": "someone", "email": other.user.email, "password": "password123"}
    # Answers that reveal nothing new, or succeed, cost nothing.
    for _ in range(3):
        assert (await api.get(f"/api/profiles/{other.user.username}")).status == 200
        r = await api.put("/api/user", {"user": {"bio": "hello"}}, token=member.token)
        assert r.status == 200
    # Registration's 409, PUT /user's 409 and a profile's 404 all spend the same budget.
    assert (await api.post("/api/users", {"user": taken})).status == 409
    assert (await api.get("/api/profiles/nobody-here")).status == 404
    r = await api.post("/api/profiles/nobody-here/follow", token=member.token)
    assert r.status == 404
    probes = [
        api.put("/api/user", {"user": {"email": other.user.email}}, token=member.token)
        for _ in range(IN_FLIGHT)
    ]
    assert statuses(await asyncio.gather(*probes)) == {409: 3, 429: IN_FLIGHT - 3}
    for r in (
        await api.get("/api/profiles/nobody-here"),
        await api.post("/api/users", {"user": taken}),
        await api.put("/api/user", {"user": {"username": other.user.username}}, token=member.token),
    ):
        assert r.status == 429
        assert r.body == {"errors": {"rate": [r.body["errors"]["rate"][0]]}}
        assert int(r.headers["Retry-After"]) <= 3600
    # Changes that name no e-mail or username reveal nothing and are never refused.
    r = await api.put("/api/user", {"user": {"bio": "still here"}}, token=member.token)
    assert r.status == 200
    # Another client has its own budget.
    r = await api.get("/api/profiles/nobody-here", headers={"X-Forwarded-For": "192.0.2.30"})
    assert r.status == 404


async def test_login_answers_alike_for_unknown_emails_and_wrong_passwords(api, member, only):
    """Login reveals nothing about existence, so it needs no probing budget: same status, same body."""
    unknown = await login(api, "no-such-user@example.com")
    wrong = await login(api, member.user.email)
    assert (unknown.status, unknown.body) == (wrong.status, wrong.body) == (401, wrong.body)


async def test_a_factory_user_is_not_remembered_at_any_address(api, only):
    """Only a sign-in over HTTP makes an address known: an account created otherwise has none."""
    only.RATE_LIMIT_LOGIN_ACCOUNT = Rate(1, 3600)
    user = await factories.user()
    assert (await login(api, user.email, address="192.0.2.40")).status == 401
    r = await login(api, user.email, factories.PASSWORD, address="192.0.2.40")
    assert r.status == 429


@pytest.mark.redis
async def test_counters_take_one_redis_round_trip_through_a_private_django_api(settings):
    """Tripwire: core.domain.ratelimit._incr reaches redis-py through RedisCache._cache
    .get_client (private) to count in one round trip; an upgrade that moves it fails here."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    from core.domain.ratelimit import counters

    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    client = cache._cache.get_client("rl:tripwire", write=True)
    assert callable(client.register_script)
    assert [await counters.incr("rl:tripwire", 60, 2) for _ in range(3)] == [2, 4, 6]
    assert await counters.decr("rl:tripwire", 2) == 4
    assert await counters.decr("rl:tripwire-never-counted", 1) == 0  # a window already over
    assert not client.exists(cache.make_and_validate_key("rl:tripwire-never-counted"))
    assert 0 < client.ttl(cache.make_and_validate_key("rl:tripwire")) <= 60
