"""Passwords and tokens.

Hashing is CPU-heavy (Argon2), so it always runs in a worker thread, never on the event loop.
A token is an HS256 JWT naming the user and a fingerprint of their password hash: changing the
password changes the hash (new salt), which revokes every token issued before.
"""

import asyncio
import time
from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.utils.crypto import constant_time_compare, salted_hmac

from core.errors import Unauthorized
from core.models import User

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


def _password_fingerprint(user: User) -> str:
    return salted_hmac("conduit.token.password", user.password, algorithm="sha256").hexdigest()[:16]


def token_issue(user: User) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": str(user.pk),
        "iat": now,
        "exp": now + settings.JWT_EXPIRY_SECONDS,
        "pwd": _password_fingerprint(user),
    }
    return jwt.encode(claims, settings.JWT_SECRET, algorithm=JWT_ALGORITHM)


async def user_for_token(token: str) -> User:
    """The user a token names; `Unauthorized` if it is malformed, forged, expired or revoked."""
    invalid = Unauthorized({"token": ["is invalid"]})
    try:
        claims = jwt.decode(
            token,
            settings.JWT_SECRET,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["sub", "exp", "pwd"]},
        )
        user_id = int(claims["sub"])
    except (jwt.InvalidTokenError, ValueError, TypeError) as exc:
        raise invalid from exc
    user = await User.objects.filter(pk=user_id).afirst()
    if user is None or not constant_time_compare(claims["pwd"], _password_fingerprint(user)):
        raise invalid
    return user
