"""Abuse limits on the credential endpoints (the global per-client ceiling is a middleware).

- login: every attempt counts per client IP (`RATE_LIMIT_LOGIN_IP`); failed attempts count per
  account (`RATE_LIMIT_LOGIN_ACCOUNT`, keyed by the e-mail typed), so guessing one account's
  password from many addresses is slowed while its owner can still log in from anywhere until
  the limit is reached.
- registration: every attempt counts per client IP (`RATE_LIMIT_REGISTER_IP`) and per e-mail
  (`RATE_LIMIT_REGISTER_ACCOUNT`), which also slows probing which e-mails are taken.
"""

import contextlib

from django.conf import settings
from django.http import HttpRequest

from core.domain import ratelimit


def _account(email: str) -> str:
    return email.strip().lower()


async def login_attempt(request: HttpRequest, *, email: str) -> None:
    """Count a login attempt; `RateLimited` if this client or this account is over its limit."""
    await ratelimit.check("login-account", _account(email), settings.RATE_LIMIT_LOGIN_ACCOUNT)
    await ratelimit.hit("login-ip", ratelimit.client_id(request), settings.RATE_LIMIT_LOGIN_IP)


async def login_failed(*, email: str) -> None:
    """Count a failed login against the account."""
    # This attempt already failed with 401; the next one gets the 429.
    with contextlib.suppress(ratelimit.RateLimited):
        await ratelimit.hit("login-account", _account(email), settings.RATE_LIMIT_LOGIN_ACCOUNT)


async def registration_attempt(request: HttpRequest, *, email: str) -> None:
    """Count a registration attempt; `RateLimited` if this client or e-mail is over its limit."""
    await ratelimit.hit(
        "register-ip", ratelimit.client_id(request), settings.RATE_LIMIT_REGISTER_IP
    )
    await ratelimit.hit("register-account", _account(email), settings.RATE_LIMIT_REGISTER_ACCOUNT)
