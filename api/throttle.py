"""Abuse limits on the credential endpoints (the global per-client ceiling is a middleware).

Every budget here is reserved before the work it guards (the password hash, the insert, the
lookup) and given back when the outcome is not one it counts, so it holds exactly however many
requests are in flight (core/domain/ratelimit.py). The reasoning and the bounds are in
docs/security-limits.md.

- login: every attempt counts per client (`RATE_LIMIT_LOGIN_IP`). Failed attempts count per
  account *and* client (`RATE_LIMIT_LOGIN_ACCOUNT_CLIENT`); from an address the account has not
  signed in from, also against the account's ceiling (`RATE_LIMIT_LOGIN_ACCOUNT`). So guessing
  from many addresses is bounded by the ceiling, while the owner, at an address they signed in
  from before, keeps a budget of their own that no one elsewhere can spend.
- registration: every attempt counts per client (`RATE_LIMIT_REGISTER_IP`) and per e-mail
  (`RATE_LIMIT_REGISTER_ACCOUNT`).
- probing: every answer that tells whether an e-mail or username exists (registration's and
  `PUT /user`'s 409 or look-alike 422, a profile's 404) counts against one per-client budget (`RATE_LIMIT_PROBE`).
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from django.conf import settings
from django.http import HttpRequest

from core.domain import ratelimit
from core.domain.errors import Conflict, Invalid, NotFound, Unauthorized

KNOWN_ADDRESS = "login-known"


def _account(email: str) -> str:
    return email.strip().lower()


def _pair(account: str, client: str) -> str:
    return f"{account}\n{client}"


@asynccontextmanager
async def login_attempt(request: HttpRequest, *, email: str) -> AsyncIterator[None]:
    """Guard a login's password check with its budgets.

    Reserved before the block (`RateLimited` if this client, or this account from this client,
    has none left); kept only if the block raises `Unauthorized` (a failed login). On success
    the slot is given back and this address becomes one the account signs in from.
    """
    client = ratelimit.client_id(request)
    await ratelimit.hit("login-ip", client, settings.RATE_LIMIT_LOGIN_IP)
    account = _account(email)
    pair = _pair(account, client)
    budgets: list[ratelimit.Budget] = [
        ("login-account-client", pair, settings.RATE_LIMIT_LOGIN_ACCOUNT_CLIENT)
    ]
    if not await ratelimit.remembered(KNOWN_ADDRESS, pair):
        budgets.append(("login-account", account, settings.RATE_LIMIT_LOGIN_ACCOUNT))
    slot = await ratelimit.reserve(budgets)
    try:
        yield
    except Unauthorized:
        raise
    except BaseException:
        await slot.give_back()  # not a failed login (the database was down, say)
        raise
    await signed_in(request, email=email, slot=slot)


async def signed_in(request: HttpRequest, *, email: str, slot: ratelimit.Slot | None) -> None:
    """A login or registration succeeded: its failed-login slot is not counted, and this address
    becomes one the account signs in from (exempt from the account's ceiling)."""
    if slot is not None:
        await slot.give_back()
    pair = _pair(_account(email), ratelimit.client_id(request))
    await ratelimit.remember(KNOWN_ADDRESS, pair, settings.LOGIN_KNOWN_ADDRESS_SECONDS)


async def registration_attempt(request: HttpRequest, *, email: str) -> None:
    """Count a registration attempt; `RateLimited` if this client or e-mail is over its limit."""
    await ratelimit.hit(
        "register-ip", ratelimit.client_id(request), settings.RATE_LIMIT_REGISTER_IP
    )
    await ratelimit.hit("register-account", _account(email), settings.RATE_LIMIT_REGISTER_ACCOUNT)


@asynccontextmanager
async def probe(request: HttpRequest, *, reveals: bool = True) -> AsyncIterator[None]:
    """Guard work whose answer may tell whether an e-mail or username exists (`reveals`: this
    time it may; when not, nothing is counted).

    Only an answer that tells is counted: when the block raises `Conflict` (taken), `NotFound`
    (no such user) or `Invalid` (a name that looks like a taken one), a slot of the client's
    probing budget is taken before that answer leaves, and once the budget is spent the answer
    is `RateLimited` (429) instead. Exact under any parallelism (each telling answer takes its own
    atomic increment), and free for every other answer: no Redis round trip on a profile that
    exists or a registration that succeeds.
    """
    if not reveals:
        yield
        return
    try:
        yield
    except (Conflict, NotFound, Invalid):
        await ratelimit.reserve(
            [("probe", ratelimit.client_id(request), settings.RATE_LIMIT_PROBE)]
        )
        raise
