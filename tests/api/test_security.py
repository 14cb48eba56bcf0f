"""Security: tokens with a pinned algorithm, login errors that reveal nothing, headers, settings."""

import base64
import os
import subprocess
import sys
import time
from typing import Any

import jwt
import orjson
import pytest
from django.contrib.auth.hashers import identify_hasher
from django.http import HttpResponse

from api import csp
from core.domain.hashers import Argon2PasswordHasher
from core.edge.middleware import ContentSecurityPolicyMiddleware
from tests import live

pytestmark = pytest.mark.django_db(transaction=True)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims(user, **overrides):
    now = int(time.time())
    claims = {
        "sub": str(user.pk),
        "iat": now,
        "exp": now + 3600,
        "sid": "a-session",
        "ep": user.token_epoch,
    }
    return {**claims, **overrides}


def _unsigned(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    return ".".join([_b64(orjson.dumps(header)), _b64(orjson.dumps(claims)), _b64(signature)])


# --- tokens -----------------------------------------------------------------------------------


async def test_a_valid_token_is_accepted(api, member, settings):
    token = jwt.encode(_claims(member.user), settings.JWT_SECRET, algorithm="HS256")
    assert (await api.get("/api/user", token=token)).status == 200


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(
            lambda user, s: _unsigned({"alg": "none", "typ": "JWT"}, _claims(user)), id="alg-none"
        ),
        pytest.param(lambda user, s: _unsigned({"alg": "None"}, _claims(user)), id="alg-None"),
        pytest.param(
            lambda user, s: jwt.encode(_claims(user), s, algorithm="HS512"), id="hs512-right-key"
        ),
        pytest.param(
            lambda user, s: jwt.encode(_claims(user), s, algorithm="HS384"), id="hs384-right-key"
        ),
        pytest.param(
            lambda user, s: _unsigned(
                {"alg": "RS256", "typ": "JWT"}, _claims(user), os.urandom(256)
            ),
            id="rs256",
        ),
        pytest.param(
            lambda user, s: jwt.encode(_claims(user), "not-the-secret-" * 3, algorithm="HS256"),
            id="wrong-key",
        ),
        pytest.param(
            lambda user, s: jwt.encode(
                _claims(user, exp=int(time.time()) - 1), s, algorithm="HS256"
            ),
            id="expired",
        ),
        pytest.param(
            lambda user, s: jwt.encode(_claims(user, ep=1), s, algorithm="HS256"),
            id="unknown-epoch",
        ),
        pytest.param(
            lambda user, s: jwt.encode(
                {k: v for k, v in _claims(user).items() if k != "sid"}, s, algorithm="HS256"
            ),
            id="no-session",
        ),
        pytest.param(
            # A token of the format before sessions (a password fingerprint, no sid/ep).
            lambda user, s: jwt.encode(
                {
                    **{k: v for k, v in _claims(user).items() if k not in {"sid", "ep"}},
                    "pwd": "0123456789abcdef",
                },
                s,
                algorithm="HS256",
            ),
            id="pre-session-format",
        ),
        pytest.param(
            lambda user, s: jwt.encode(_claims(user, sub="abc"), s, algorithm="HS256"),
            id="bad-subject",
        ),
        pytest.param(
            lambda user, s: jwt.encode(
                {k: v for k, v in _claims(user).items() if k != "exp"}, s, algorithm="HS256"
            ),
            id="no-expiry",
        ),
        pytest.param(
            lambda user, s: (lambda t: t[: t.rindex(".")] + "." + _b64(b"x" * 32))(
                jwt.encode(_claims(user), s, algorithm="HS256")
            ),
            id="stripped-signature",
        ),
        pytest.param(lambda user, s: "abc", id="garbage"),
        pytest.param(lambda user, s: "a.b.c", id="three-garbage-parts"),
        pytest.param(lambda user, s: "é" * 5000, id="huge-non-ascii"),
    ],
)
async def test_forged_expired_and_foreign_algorithm_tokens_are_401(api, member, settings, forge):
    token = forge(member.user, settings.JWT_SECRET)
    for path in ("/api/user", "/api/articles"):  # required and optional auth
        r = await api.get(path, headers={"Authorization": f"Token {token}"})
        assert r.status == 401, (path, r.body)
        assert r.body == {"errors": {"token": ["is invalid"]}}


async def test_a_token_verified_once_still_expires_and_needs_the_secret(
    api, member, settings, monkeypatch
):
    """A verified token is remembered (core.domain.auth._verified), not trusted for longer than
    it lives, nor under another secret."""
    token = jwt.encode(_claims(member.user, exp=int(time.time()) + 60), settings.JWT_SECRET)
    assert (await api.get("/api/user", token=token)).status == 200  # verified and remembered
    assert (await api.get("/api/user", token=token)).status == 200
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 60)  # from its `exp` second on
    r = await api.get("/api/user", token=token)
    assert (r.status, r.body) == (401, {"errors": {"token": ["is invalid"]}})
    monkeypatch.setattr(time, "time", real_time)
    settings.JWT_SECRET = "another-secret-" * 4  # a rotated secret: the token was not signed by it
    assert (await api.get("/api/user", token=token)).status == 401


async def test_a_tampered_payload_fails_the_signature(api, member, other, settings):
    header, _, signature = jwt.encode(
        _claims(member.user), settings.JWT_SECRET, algorithm="HS256"
    ).split(".")
    token = f"{header}.{_b64(orjson.dumps(_claims(other.user)))}.{signature}"
    assert (await api.get("/api/user", token=token)).status == 401


# --- login reveals nothing --------------------------------------------------------------------


@pytest.fixture
def hasher_calls(monkeypatch):
    """Every password verification, still done by the real hasher."""
    calls = []
    verify = Argon2PasswordHasher.verify

    def counted(self, password, encoded):
        calls.append(identify_hasher(encoded).safe_summary(encoded))
        return verify(self, password, encoded)

    monkeypatch.setattr(Argon2PasswordHasher, "verify", counted)
    return calls


async def test_unknown_email_and_wrong_password_run_the_same_hasher(api, member, hasher_calls):
    unknown = await api.post(
        "/api/users/login", {"user": {"email": "nobody@example.com", "password": "whatever1"}}
    )
    wrong = await api.post(
        "/api/users/login", {"user": {"email": member.user.email, "password": "whatever1"}}
    )
    assert unknown.status == wrong.status == 401
    assert unknown.body == wrong.body == {"errors": {"credentials": ["invalid"]}}
    assert len(hasher_calls) == 2  # one verification each, a real one and the dummy one
    dummy, real = hasher_calls
    # Same algorithm and the same cost parameters: the same work whether the email exists or not.
    same = ("algorithm", "variety", "version", "memory cost", "time cost", "parallelism")
    assert {k: dummy[k] for k in same} == {k: real[k] for k in same}


# --- headers ------------------------------------------------------------------------------------


async def test_api_responses_carry_the_security_headers(api):
    r = await api.get("/api/tags")
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "same-origin"
    assert (
        r.headers["Content-Security-Policy"]
        == csp.API
        == "default-src 'none'; frame-ancestors 'none'"
    )
    assert "Strict-Transport-Security" not in r.headers  # plain HTTP


async def test_errors_carry_them_too(api):
    for r in (await api.get("/api/nowhere"), await api.request("PATCH", "/api/tags")):
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Content-Security-Policy"].startswith("default-src 'none'")


async def test_html_pages_get_the_strict_page_policy(rf):
    """The SPA's page policy, for any HTML page without its own: everything from this origin
    but images, nothing inline."""

    async def page(request):
        return HttpResponse("<!doctype html><title>Conduit</title>")

    response = await ContentSecurityPolicyMiddleware(page)(rf.get("/"))
    policy = response["Content-Security-Policy"]
    assert policy == csp.SPA
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
    assert response["X-Frame-Options"] == "DENY"


async def test_a_page_with_its_own_policy_keeps_it(api):
    """The docs pages set theirs (api/openapi.py): still no inline or foreign script."""
    response = await api.client.get("/api/docs")
    assert response["Content-Type"].startswith("text/html")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert "script-src" not in directives  # falls back to default-src: this origin only
    assert directives["frame-ancestors"] == "'none'"


async def test_hsts_behind_a_tls_proxy(api, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    secure = await api.get("/api/tags", headers={"X-Forwarded-Proto": "https"})
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    plain = await api.get("/api/tags")
    assert "Strict-Transport-Security" not in plain.headers


# --- settings -----------------------------------------------------------------------------------


def _settings_in(env: dict[str, str], expression: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CONDUIT_", "SECRET", "JWT"))}
    code = (
        f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=live.ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "core.config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


GOOD_SECRET = "k3J9-vQx2Lw8RzT4nYb6Hc1Fd5Gm7Ps0Ua2Xe9Wi4Ok"  # 44 bytes, random
PRODUCTION_HOSTS = {"ALLOWED_HOSTS": "api.example.com"}


@pytest.mark.parametrize(
    ("env", "refusal"),
    [
        ({}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "repeats too few characters"),
        ({"SECRET_KEY": GOOD_SECRET, "JWT_SECRET": "k"}, "Set JWT_SECRET"),
        ({"SECRET_KEY": GOOD_SECRET, "DEBUG": "true"}, "DEBUG must be off"),
        ({"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_SECRET, "CORS_ALLOWED_ORIGINS": "*"}, "CORS_ALLOWED_ORIGINS=*"),
        (
            {"SECRET_KEY": GOOD_SECRET, "CORS_ALLOWED_ORIGINS": "https://a.example, *"},
            "CORS_ALLOWED_ORIGINS=*",
        ),
    ],
)
def test_production_refuses_unsafe_settings(env, refusal):
    result = _settings_in({"CONDUIT_ENV": "production", **PRODUCTION_HOSTS, **env}, "s.DEBUG")
    assert result.returncode != 0
    assert refusal in result.stderr


def test_production_settings_from_the_environment():
    result = _settings_in(
        {
            "CONDUIT_ENV": "production",
            "SECRET_KEY": GOOD_SECRET,
            "ALLOWED_HOSTS": "api.example.com, www.example.com",
            "CORS_ALLOWED_ORIGINS": "https://app.example.com",
            "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto:https",
        },
        "s.ALLOWED_HOSTS, s.CORS_ALLOWED_ORIGINS, s.CORS_ALLOW_ALL_ORIGINS, s.LOG_FORMAT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.DEBUG",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['api.example.com', 'www.example.com'] ['https://app.example.com'] False json "
        "31536000 ('HTTP_X_FORWARDED_PROTO', 'https') False"
    )
