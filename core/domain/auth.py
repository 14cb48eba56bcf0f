"""Passwords and tokens.

Hashing is CPU-heavy (Argon2), so it always runs in a worker thread, never on the event loop.
A token is an HS256 JWT naming the user and a fingerprint of their password hash: changing the
password changes the hash (new salt), which revokes every token issued before.
"""

import asyncio
import time
from dataclasses import dataclass
from typing import Any, Self

import jwt
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db.models import Case, CharField, F, QuerySet, Subquery, Value, When
from django.utils.crypto import constant_time_compare, salted_hmac

from core.domain.db import Markers, compiled_query
from core.domain.errors import Forbidden, Unauthorized
from core.domain.models import User

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


def _password_fingerprint(password_hash: str) -> str:
    return salted_hmac("conduit.token.password", password_hash, algorithm="sha256").hexdigest()[:16]


def token_issue(user: User) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": str(user.pk),
        "iat": now,
        "exp": now + settings.JWT_EXPIRY_SECONDS,
        "pwd": _password_fingerprint(user.password),
    }
    return jwt.encode(claims, settings.JWT_SECRET, algorithm=JWT_ALGORITHM)


@dataclass(frozen=True, slots=True)
class Viewer:
    """The user a signed, unexpired token names, as far as the token alone can tell.

    A token is good only while its user still has the password it was issued for. Checking that
    needs the user's row: reads fetch it inside their own first query (`password_of(viewer)` as
    one more column, then `viewer_confirm`), so authentication costs them no round trip of its
    own; `viewer_user` loads and checks the whole user for the endpoints that need it.
    """

    id: int
    fingerprint: str

    @classmethod
    def of(cls, user: User) -> Self:
        return cls(id=user.pk, fingerprint=_password_fingerprint(user.password))


def token_viewer(token: str) -> Viewer:
    """The viewer a token names; `Unauthorized` if it is malformed, forged or expired."""
    try:
        claims = jwt.decode(
            token,
            settings.JWT_SECRET,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["sub", "exp", "pwd"]},
        )
        return Viewer(id=int(claims["sub"]), fingerprint=str(claims["pwd"]))
    except (jwt.InvalidTokenError, ValueError, TypeError) as exc:
        raise _invalid() from exc


# What a read selects instead of the password hash of a suspended account (never a hash).
SUSPENDED = "!suspended"


def credential(user: User) -> str:
    """What `viewer_confirm` checks: the password hash, or SUSPENDED."""
    return SUSPENDED if user.suspended_at is not None else user.password


def password_of(viewer: Viewer) -> Subquery:
    """The viewer's `credential` (NULL if the user is gone), as a query column."""
    current = Case(
        When(suspended_at__isnull=False, then=Value(SUSPENDED)),
        default=F("password"),
        output_field=CharField(),
    )
    return Subquery(User.objects.filter(pk=viewer.id).values(c=current)[:1])


def viewer_confirm(viewer: Viewer, password: str | None) -> None:
    """`Unauthorized` unless `password` (the user's current hash) is the one the token names;
    `Forbidden` (403) while a moderator has suspended the account."""
    if password == SUSPENDED:
        raise account_suspended()
    if password is None or not constant_time_compare(
        viewer.fingerprint, _password_fingerprint(password)
    ):
        raise _invalid()


_USER_FIELDS = [field.attname for field in User._meta.concrete_fields]


@compiled_query
def _user_by_id(markers: Markers) -> QuerySet[Any]:
    return User.objects.filter(pk=markers.number("id")).values_list(*_USER_FIELDS)


def user_by_id(user_id: int) -> User | None:
    """The user with this id, or None (synchronous: run it on a database thread)."""
    query = _user_by_id()
    rows = query.rows({"id": user_id})
    return User.from_db(query.alias, _USER_FIELDS, rows[0]) if rows else None


_user = sync_to_async(user_by_id)


async def viewer_user(viewer: Viewer) -> User:
    """The viewer's user, loaded and checked (one query); `Unauthorized` if revoked or gone.

    Every write and `GET /user` starts here, so the query is compiled once (core.domain.db).
    """
    user = await _user(viewer.id)
    if user is None:
        raise _invalid()
    viewer_confirm(viewer, credential(user))
    return user


async def viewer_check(viewer: Viewer | None, fetched: list[str | None]) -> None:
    """Check a viewer's token with the password hash a read selected beside its first row.

    `fetched` holds that hash (`password_of(viewer)`), or nothing when the read found no row:
    then the user is looked up on their own, so an unknown resource answers 401 to a revoked
    token, as it would have before the read.
    """
    if viewer is None:
        return
    if fetched:
        viewer_confirm(viewer, fetched[0])
    else:
        await viewer_user(viewer)


def header_token(authorization: str) -> str:
    """The token of an `Authorization: Token <jwt>` (or `Bearer <jwt>`) header value;
    `Unauthorized` if the header is not of that form."""
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() not in {"token", "bearer"} or not token:
        raise _invalid()
    return token


async def user_for_token(token: str) -> User:
    """The user a token names; `Unauthorized` if it is malformed, forged, expired or revoked."""
    return await viewer_user(token_viewer(token))


def account_suspended() -> Forbidden:
    return Forbidden("account", "is suspended by the site's moderators")


def _invalid() -> Unauthorized:
    return Unauthorized({"token": ["is invalid"]})
