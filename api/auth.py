"""Token authentication: `Authorization: Token <jwt>` (or `Bearer <jwt>`)."""

from dataclasses import dataclass

from django.http import HttpRequest
from ninja.security import APIKeyHeader

from core.domain.auth import Viewer, header_token, token_viewer, viewer_user
from core.domain.models import User


@dataclass(frozen=True, slots=True)
class Session:
    """The viewer a valid token names, the token, and their user where it was loaded."""

    viewer: Viewer
    token: str
    loaded: User | None = None

    @property
    def user(self) -> User:
        if self.loaded is None:
            raise TypeError(
                "this endpoint's token is checked by its service: use viewer(request) or writer(request)"
            )
        return self.loaded


class Anonymous:
    """No credentials were sent to an endpoint where they are optional."""


ANONYMOUS = Anonymous()


class Token(APIKeyHeader):
    """Required token. The class name is the security scheme's name in the OpenAPI document.

    By default the token's user is loaded and checked before the handler runs (one query).
    With `load_user=False` only the signature and expiry are checked here: the handler's service
    checks the rest inside its own query or transaction (see `core.domain.auth.Viewer`), so it
    costs no round trip or thread hop of its own.
    """

    param_name = "Authorization"
    openapi_description = (
        "A JWT from `POST /users` or `POST /users/login`, sent as `Authorization: Token <jwt>` "
        "(`Bearer <jwt>` is accepted too). In the docs' Authorize dialog, enter `Token <jwt>`."
    )

    def __init__(self, *, load_user: bool = True) -> None:
        super().__init__()
        self.load_user = load_user

    async def authenticate(
        self, request: HttpRequest, key: str | None
    ) -> Session | Anonymous | None:
        if not key or not key.strip():
            return None  # Ninja answers 401 {"token": ["is missing"]} (api/errors.py)
        token = header_token(key)
        viewer = token_viewer(token)
        user = await viewer_user(viewer) if self.load_user else None
        return Session(viewer=viewer, token=token, loaded=user)


class OptionalToken(Token):
    """Optional token: anonymous without one, but a bad token is still refused (401)."""

    async def authenticate(
        self, request: HttpRequest, key: str | None
    ) -> Session | Anonymous | None:
        if not key or not key.strip():
            return ANONYMOUS
        return await super().authenticate(request, key)


token = Token()
# For endpoints whose service checks the token itself, at no cost of its own (core.domain.auth.
# Viewer): a read inside its own query, a write first in its transaction (viewer_user_now).
deferred_token = Token(load_user=False)
optional_token = OptionalToken(load_user=False)


def session(request: HttpRequest) -> Session:
    """The session of an endpoint that requires a token."""
    auth = getattr(request, "auth", None)
    if not isinstance(auth, Session):
        raise TypeError("session() needs an endpoint declared with auth=token or deferred_token")
    return auth


def writer(request: HttpRequest) -> Viewer:
    """Who is writing, at an endpoint declared with `auth=deferred_token` (their service checks
    the token first in its transaction)."""
    return session(request).viewer


def viewer(request: HttpRequest) -> Viewer | None:
    """Who is reading, if they sent a token (checked by the read's own query)."""
    auth = getattr(request, "auth", None)
    return auth.viewer if isinstance(auth, Session) else None
