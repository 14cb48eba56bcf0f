"""Token authentication: `Authorization: Token <jwt>` (or `Bearer <jwt>`)."""

from dataclasses import dataclass

from django.http import HttpRequest
from ninja.security import APIKeyHeader

from core.auth import user_for_token
from core.errors import Unauthorized
from core.models import User


@dataclass(frozen=True, slots=True)
class Session:
    """The authenticated user and the token they presented."""

    user: User
    token: str


class Anonymous:
    """No credentials were sent to an endpoint where they are optional."""


ANONYMOUS = Anonymous()


class Token(APIKeyHeader):
    """Required token. The class name is the security scheme's name in the OpenAPI document."""

    param_name = "Authorization"
    openapi_description = (
        "A JWT from `POST /users` or `POST /users/login`, sent as `Authorization: Token <jwt>` "
        "(`Bearer <jwt>` is accepted too). In the docs' Authorize dialog, enter `Token <jwt>`."
    )

    async def authenticate(
        self, request: HttpRequest, key: str | None
    ) -> Session | Anonymous | None:
        if not key or not key.strip():
            return None  # Ninja answers 401 {"token": ["is missing"]} (api/errors.py)
        scheme, _, token = key.strip().partition(" ")
        token = token.strip()
        if scheme.lower() not in {"token", "bearer"} or not token:
            raise Unauthorized({"token": ["is invalid"]})
        return Session(user=await user_for_token(token), token=token)


class OptionalToken(Token):
    """Optional token: anonymous without one, but a bad token is still refused (401)."""

    async def authenticate(
        self, request: HttpRequest, key: str | None
    ) -> Session | Anonymous | None:
        if not key or not key.strip():
            return ANONYMOUS
        return await super().authenticate(request, key)


token = Token()
optional_token = OptionalToken()


def session(request: HttpRequest) -> Session:
    """The session of an endpoint that requires a token."""
    auth = getattr(request, "auth", None)
    if not isinstance(auth, Session):
        raise TypeError("session() needs an endpoint declared with auth=token")
    return auth


def viewer(request: HttpRequest) -> User | None:
    """The user making the request, if they sent a token."""
    auth = getattr(request, "auth", None)
    return auth.user if isinstance(auth, Session) else None
