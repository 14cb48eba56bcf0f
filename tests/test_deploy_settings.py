"""Fail-closed settings (issue 12): development only when chosen, production only with real
secrets, and Django's deploy checks clean for the production settings."""

import os
import subprocess
import sys

import pytest

from tests import live

GOOD_SECRET = "k3J9-vQx2Lw8RzT4nYb6Hc1Fd5Gm7Ps0Ua2Xe9Wi4Ok_Zr8Tq1Ny5Mb3Vc7Lx0Hj2Gf6"


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CONDUIT_", "SECRET", "JWT", "DJANGO_", "ALLOWED_", "DEBUG"))
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=live.ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("value", [None, "Production", "prod", "dev", ""])
def test_no_silent_development_mode(value):
    """Unset is production, which wants secrets; anything else unknown is refused outright."""
    env = {} if value is None else {"CONDUIT_ENV": value}
    result = _run(env, "manage.py", "check")
    assert result.returncode != 0
    expected = "Set SECRET_KEY" if value is None else f"CONDUIT_ENV={value!r} is not one of"
    assert expected in result.stderr


def test_development_is_chosen_explicitly():
    result = _run({"CONDUIT_ENV": "development"}, "manage.py", "check")
    assert result.returncode == 0, result.stderr


def test_production_passes_djangos_deploy_checks():
    env = {
        "CONDUIT_ENV": "production",
        "SECRET_KEY": GOOD_SECRET,
        "ALLOWED_HOSTS": "conduit.example.com",
        "CORS_ALLOWED_ORIGINS": "https://app.example.com",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto:https",
    }
    result = _run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_see_a_missing_https_redirect():
    """Our stand-in for Django's middleware-bound checks still reports what matters."""
    env = {
        "CONDUIT_ENV": "production",
        "SECRET_KEY": GOOD_SECRET,
        "ALLOWED_HOSTS": "conduit.example.com",
        "SECURE_SSL_REDIRECT": "false",
    }
    result = _run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "conduit.W008" in result.stderr
