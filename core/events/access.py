"""Who opens a stream: a token (`Authorization` header, or the WebSocket's first message) or a
single-use ticket. Streams run outside Django's request cycle, so each database read here
hands its connection straight back to the pool (core.db.closing_connections)."""

from redis.exceptions import RedisError

from core.auth import Viewer, token_viewer, viewer_confirm
from core.db import closing_connections
from core.errors import Unauthorized, Unavailable
from core.events.tickets import ticket_redeem
from core.models import User


def _password(user_id: int) -> str | None:
    return User.objects.filter(pk=user_id).values_list("password", flat=True).first()


async def viewer_confirmed(viewer: Viewer) -> Viewer:
    """`viewer` if their token is still good (the user exists, same password)."""
    viewer_confirm(viewer, await closing_connections(_password)(viewer.id))
    return viewer


def token_from_header(authorization: str) -> Viewer:
    """The viewer of an `Authorization: Token <jwt>` (or `Bearer <jwt>`) header value."""
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() not in {"token", "bearer"} or not token.strip():
        raise Unauthorized({"token": ["is invalid"]})
    return token_viewer(token.strip())


async def stream_viewer(*, authorization: str | None, ticket: str | None) -> Viewer | None:
    """The stream's viewer, or None when it sent no credentials; `Unauthorized` if bad ones."""
    if ticket is not None:
        try:
            viewer = await ticket_redeem(ticket)
        except (RedisError, OSError) as exc:
            raise Unavailable({"ticket": ["cannot be checked now"]}, retry_after=5) from exc
    elif authorization is not None and authorization.strip():
        viewer = token_from_header(authorization)
    else:
        return None
    return await viewer_confirmed(viewer)
