"""Passwords and tokens.

Hashing is CPU-heavy (Argon2), so it always runs in a worker thread, never on the event loop.
A token is an HS256 JWT naming the user (`sub`), its session (`sid`: one per login or
registration, kept by the tokens issued to that session later) and the user's token epoch at
issue (`ep`). Changing the password bumps the user's epoch and records the changing session as
the one kept (`users.token_kept_sid`): that session's tokens keep working, every other token
issued before the change is revoked. `token_current` is the one rule, for HTTP, SSE and
WebSocket alike. While a moderator has suspended the account, its tokens get 403 instead
(`account_suspended`): the token state then reads `SUSPENDED`.
"""

import asyncio
import functools
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Self

import jwt
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import connection
from django.utils.crypto import constant_time_compare

from core.domain import sql
from core.domain.errors import Forbidden, Unauthorized
from core.domain.limits import SESSION_ID_MAX
from core.domain.models import User
from core.domain.sql import TOKEN_STATE

JWT_ALGORITHM = "HS256"  # pinned: a token naming any other algorithm (or "none") is refused

# Verifying against this hash when no account matches makes a failed login cost the same time
# whether or not the email exists.
_DUMMY_HASH = make_password("conduit-timing-equaliser")


async def password_hash(raw: str) -> str:
    return await asyncio.to_thread(make_password, raw)


async def password_matches(raw: str, encoded: str | None) -> bool:
    if encoded is None:
        await asyncio.to_thread(check_password, raw, _DUMMY_HASH)
        return False
    return await asyncio.to_thread(check_password, raw, encoded)


# Ids and epochs are 64-bit columns: a claim outside that range names no user (401, not an
# overflow in the database driver).
_ID_MAX = 2**63 - 1


def new_session() -> str:
    """A fresh session id (`sid`): one per login or registration."""
    return secrets.token_urlsafe(12)


def token_issue(user: User, *, session: str | None = None) -> str:
    """A token for `user`, in `session` (a new one if None), valid from the current epoch."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": str(user.pk),
        "iat": now,
        "exp": now + settings.JWT_EXPIRY_SECONDS,
        "sid": session or new_session(),
        "ep": user.token_epoch,
    }
    return jwt.encode(claims, settings.JWT_SECRET, algorithm=JWT_ALGORITHM)


@dataclass(frozen=True, slots=True)
class Viewer:
    """The user a signed, unexpired token names, as far as the token alone can tell.

    A token is good only while `token_current` holds against its user's row. Reads fetch the
    user's token state inside their own first query (one more column, then `viewer_check`),
    so authentication costs them no round trip of its own;
    `viewer_user` loads and checks the whole user for the endpoints that need it.
    """

    id: int
    session: str = ""
    epoch: int = 0

    @classmethod
    def of(cls, user: User) -> Self:
        """The viewer of a user whose token was just checked (current by construction)."""
        return cls(id=user.pk, epoch=user.token_epoch)


@dataclass(frozen=True, slots=True)
class TokenState:
    """What a user's row says about their tokens: the epoch, and the session kept through the
    last password change ("" if none)."""

    epoch: int
    kept_session: str

    @classmethod
    def of(cls, user: User) -> Self:
        return cls(epoch=user.token_epoch, kept_session=user.token_kept_sid)

    @classmethod
    def parse(cls, column: str) -> Self:
        """From the token state column (core.domain.sql.token_state): `<epoch>:<kept sid>`."""
        epoch, _, kept = column.partition(":")
        return cls(epoch=int(epoch), kept_session=kept)


def token_current(viewer: Viewer, state: TokenState | None) -> bool:
    """Whether a token is still good: its user exists (`state` is not None) and it was issued in
    the current epoch, or before it by the session kept through the last password change."""
    if state is None:
        return False
    if viewer.epoch == state.epoch:
        return True
    return (
        viewer.epoch < state.epoch
        and state.kept_session != ""
        and constant_time_compare(viewer.session, state.kept_session)
    )


def _claim_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError("not an integer")
    number = int(value)  # ValueError for text that is not one
    if not 0 <= number <= _ID_MAX:
        raise ValueError("out of range")
    return number


# Tokens whose signature and claims were verified, with the moment they expire. A client sends
# the same token with every request, and verifying it again (JSON, base64, HMAC, claims) cost
# ~0.4 M instructions, a sixth of a single-article read (bench/instructions.py): only those exact
# bytes, signed with that exact secret, find their entry, and the expiry is checked on every
# use. Revocation is not the signature's business: the user's row decides it on every request
# (`token_current`).
_VERIFIED_MAX = 4096


@functools.lru_cache(maxsize=_VERIFIED_MAX)
def _verified(token: str, secret: str) -> tuple[Viewer, int]:
    """The viewer `token` names and its expiry; `Unauthorized` if it is malformed or forged, or
    expired now (an exception is not cached)."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["sub", "exp", "sid", "ep"]},
        )
        session = claims["sid"]
        if not isinstance(session, str) or not session or len(session) > SESSION_ID_MAX:
            raise TypeError("sid is not a session id")
        viewer = Viewer(id=_claim_id(claims["sub"]), session=session, epoch=_claim_id(claims["ep"]))
        return viewer, int(claims["exp"])
    except (jwt.InvalidTokenError, ValueError, TypeError) as exc:
        raise invalid_token() from exc


def token_viewer(token: str) -> Viewer:
    """The viewer a token names; `Unauthorized` if it is malformed, forged or expired."""
    viewer, expires = _verified(token, settings.JWT_SECRET)
    if expires <= time.time():  # as PyJWT: expired from the `exp` second on
        raise invalid_token()
    return viewer


# The token state of a suspended account, in place of its epoch and kept session.
SUSPENDED = sql.SUSPENDED


def token_state(user: User) -> TokenState | str:
    """What `viewer_confirm` checks of a loaded user: their `TokenState`, or `SUSPENDED`."""
    return SUSPENDED if user.suspended_at is not None else TokenState.of(user)


def viewer_confirm(viewer: Viewer, state: TokenState | str | None) -> None:
    """`Unauthorized` unless the viewer's token is current against `state` (the user's, or the
    column a read selected, core.domain.sql.token_state; None: the user is gone); `Forbidden` (403) while a
    moderator has suspended the account."""
    if state == SUSPENDED:
        raise account_suspended()
    if isinstance(state, str):
        state = TokenState.parse(state)
    if not token_current(viewer, state):
        raise invalid_token()


_USER_FIELDS = [field.attname for field in User._meta.concrete_fields]


def user_by_id(user_id: int) -> User | None:
    """The user with this id, or None (synchronous: run it on a database thread). Hand-written
    SQL (core.domain.sql: it costs a third of `User.objects.get()`'s CPU), loaded with the
    documented `Model.from_db`."""
    rows = sql.fetch(sql.USER_BY_ID, {"id": user_id})
    if not rows:
        return None
    return User.from_db(connection.alias, _USER_FIELDS, [getattr(rows[0], f) for f in _USER_FIELDS])


def token_states(user_ids: set[int]) -> dict[int, TokenState | str]:
    """The token state (`token_state`) of each of these users that still exists (synchronous:
    one query)."""
    users = User.objects.filter(pk__in=user_ids)
    rows = users.values_list("pk", "token_epoch", "token_kept_sid", "suspended_at")
    return {
        pk: SUSPENDED if suspended else TokenState(epoch=epoch, kept_session=kept)
        for pk, epoch, kept, suspended in rows
    }


def viewer_user_now(viewer: Viewer) -> User:
    """The viewer's user, loaded and checked (one query); `Unauthorized` if revoked or gone,
    `Forbidden` if suspended. On the calling thread: the writes that take a `Viewer` call it
    first in their transaction, so the check costs them no thread hop of its own."""
    user = user_by_id(viewer.id)
    if user is None:
        raise invalid_token()
    viewer_confirm(viewer, token_state(user))
    return user


def viewer_confirmed_with(viewer: Viewer, statement: str, params: dict[str, Any]) -> Any:
    """A write's first statement (`core.domain.sql.VIEWER_ARTICLE` and its kind: the viewer's
    token state beside what the write looks up) run, and the viewer checked with it, as
    `viewer_user_now` checks: its one row (synchronous, in the write's transaction)."""
    [row] = sql.fetch(statement, {**params, "viewer": viewer.id})
    viewer_confirm(viewer, getattr(row, TOKEN_STATE))
    return row


_viewer_user = sync_to_async(viewer_user_now)


async def viewer_user(viewer: Viewer) -> User:
    """`viewer_user_now` off the event loop: the other writes and `GET /user` start here."""
    return await _viewer_user(viewer)


async def viewer_check(viewer: Viewer | None, rows: Sequence[Any]) -> None:
    """Check a viewer's token against the token state a read selected beside its rows: the
    column `TOKEN_STATE` (`core.domain.sql.token_state`) of its
    first row. Every viewer-aware read calls it with its rows, so authentication costs it no
    query of its own.

    When the read found no row, the user is looked up on their own, so an unknown resource
    answers 401 to a revoked token, as it would have before the read.
    """
    if viewer is None:
        return
    if rows:
        viewer_confirm(viewer, getattr(rows[0], TOKEN_STATE))
    else:
        await viewer_user(viewer)


def header_token(authorization: str) -> str:
    """The token of an `Authorization: Token <jwt>` (or `Bearer <jwt>`) header value;
    `Unauthorized` if the header is not of that form."""
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() not in {"token", "bearer"} or not token:
        raise invalid_token()
    return token


async def user_for_token(token: str) -> User:
    """The user a token names; `Unauthorized` if it is malformed, forged, expired or revoked."""
    return await viewer_user(token_viewer(token))


def account_suspended() -> Forbidden:
    return Forbidden("account", "is suspended by the site's moderators")


def invalid_token() -> Unauthorized:
    """A token that is malformed, forged, expired or no longer current."""
    return Unauthorized({"token": ["is invalid"]})
