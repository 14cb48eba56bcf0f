"""Abuse limits: 429 with Retry-After once a client or an account spends its allowance.

The defaults are generous (the public Conduit suites log in from one address all the time);
these tests set low limits explicitly.
"""

import pytest

from core.domain.limits import Rate
from core.domain.ratelimit import client_id
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


WRONG = "wrong password"


def login(api, email, password=WRONG, **kwargs):
    return api.post("/api/users/login", {"user": {"email": email, "password": password}}, **kwargs)


def register(api, name, email=None, **kwargs):
    user = {"username": name, "email": email or f"{name}@example.com", "password": "password123"}
    return api.post("/api/users", {"user": user}, **kwargs)


def assert_limited(r, period=60):
    assert r.status == 429, r.body
    retry_after = int(r.headers["Retry-After"])
    assert 1 <= retry_after <= period
    assert r.body == {"errors": {"rate": [f"too many requests, retry in {retry_after} s"]}}


def test_rates_parse_from_the_environment_syntax():
    assert Rate.parse("100/60") == Rate(100, 60)
    assert Rate.parse("5") == Rate(5, 1)
    assert Rate.parse("off") is None
    assert Rate.parse("") is None
    with pytest.raises(ValueError, match="N/SECONDS"):
        Rate.parse("5/0")


async def test_default_limits_let_a_conduit_suite_through(api, member):
    """Registrations and logins in a burst from one address, as the public suites do."""
    for n in range(30):
        assert (await register(api, f"suite{n}")).status == 201
    for _ in range(30):
        r = await login(api, member.user.email, member.password)
        assert r.status == 200


async def test_login_attempts_per_client_are_limited(api, member, settings):
    settings.RATE_LIMIT_LOGIN_IP = Rate(3, 60)
    for _ in range(3):
        assert (await login(api, member.user.email, member.password)).status == 200
    assert_limited(await login(api, member.user.email, member.password))
    # A client cannot dodge the limit by claiming another address: X-Forwarded-For counts
    # only behind trusted proxies.
    spoofed = {"X-Forwarded-For": "203.0.113.9"}
    r = await login(api, member.user.email, member.password, headers=spoofed)
    assert r.status == 429
    # Behind one trusted proxy, that address is another client, with its own allowance.
    settings.TRUSTED_PROXY_COUNT = 1
    r = await login(
        api, member.user.email, member.password, headers={"X-Forwarded-For": "203.0.113.9"}
    )
    assert r.status == 200


async def test_failed_logins_per_account_are_limited_from_any_address(api, member, settings):
    settings.RATE_LIMIT_LOGIN_ACCOUNT = Rate(3, 300)
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(3):
        r = await login(api, member.user.email, headers={"X-Forwarded-For": f"198.51.100.{n}"})
        assert r.status == 401
    # Even the right password now waits: the account is under attack.
    r = await login(
        api, member.user.email.upper(), member.password, headers={"X-Forwarded-For": "192.0.2.1"}
    )
    assert_limited(r, period=300)
    # Other accounts are not affected.
    other = await factories.user()
    assert (await login(api, other.email, factories.PASSWORD)).status == 200


async def test_successful_logins_do_not_count_against_the_account(api, member, settings):
    settings.RATE_LIMIT_LOGIN_ACCOUNT = Rate(2, 300)
    for _ in range(5):
        assert (await login(api, member.user.email, member.password)).status == 200


async def test_registrations_per_client_are_limited(api, settings):
    settings.RATE_LIMIT_REGISTER_IP = Rate(2, 60)
    assert (await register(api, "first")).status == 201
    assert (await register(api, "second")).status == 201
    assert_limited(await register(api, "third"))


async def test_registrations_per_email_are_limited(api, settings):
    settings.RATE_LIMIT_REGISTER_ACCOUNT = Rate(2, 300)
    settings.TRUSTED_PROXY_COUNT = 1
    assert (await register(api, "taken", "probe@example.com")).status == 201
    r = await register(api, "probe", "PROBE@example.com", headers={"X-Forwarded-For": "192.0.2.1"})
    assert r.status == 409
    assert_limited(await register(api, "probe9", "probe@example.com"), period=300)


async def test_every_client_has_a_request_ceiling(api, settings):
    settings.RATE_LIMIT_CLIENT = Rate(5, 60)
    for _ in range(5):
        assert (await api.get("/api/tags")).status == 200
    r = await api.get("/api/articles")
    assert_limited(r)
    assert r.headers["X-Request-ID"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    # Health checks stay exempt: load balancers must still see the process.
    assert (await api.get("/api/health")).status == 200
    assert (await api.get("/api/health/ready")).status == 200


async def test_the_ceiling_answers_cors_so_browsers_can_read_the_429(api, settings):
    settings.RATE_LIMIT_CLIENT = Rate(1, 60)
    await api.get("/api/tags")
    r = await api.get("/api/tags", headers={"Origin": "http://localhost:4100"})
    assert r.status == 429
    assert r.headers["access-control-allow-origin"] in {"*", "http://localhost:4100"}


async def test_a_limit_set_to_off_never_limits(api, settings):
    settings.RATE_LIMIT_CLIENT = None
    settings.RATE_LIMIT_REGISTER_IP = None
    settings.RATE_LIMIT_REGISTER_ACCOUNT = None
    for n in range(12):
        assert (await register(api, f"free{n}", "same@example.com")).status in {201, 409}


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "expected"),
    [
        ("10.0.0.1", "", 0, "10.0.0.1"),
        ("10.0.0.1", "203.0.113.7", 0, "10.0.0.1"),
        ("10.0.0.1", "203.0.113.7", 1, "203.0.113.7"),
        ("10.0.0.1", "1.1.1.1, 203.0.113.7", 1, "203.0.113.7"),
        ("10.0.0.1", "1.1.1.1, 203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "", 0, "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.5", "", 0, "192.0.2.5"),
    ],
)
def test_client_identity(rf, remote, forwarded, proxies, expected, settings):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/api/tags", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_id(request) == expected
