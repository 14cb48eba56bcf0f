"""Who opens a stream: a token (`Authorization` header, or the WebSocket's first message) or a
single-use ticket. Streams run outside Django's request cycle, so each database read here
hands its connection straight back to the pool (core.domain.db.closing_connections)."""

from redis.exceptions import RedisError

from core.domain.auth import Viewer, header_token, token_viewer, viewer_user_now
from core.domain.db import closing_connections
from core.domain.errors import unavailable
from core.domain.events.tickets import ticket_redeem


async def viewer_confirmed(viewer: Viewer) -> Viewer:
    """`viewer` if their token is still good (core.domain.auth.token_current)."""
    await closing_connections(viewer_user_now)(viewer)
    return viewer


async def stream_viewer(*, authorization: str | None, ticket: str | None) -> Viewer | None:
    """The stream's viewer, or None when it sent no credentials; `Unauthorized` if bad ones."""
    if ticket is not None:
        try:
            viewer = await ticket_redeem(ticket)
        except (RedisError, OSError) as exc:
            raise unavailable("ticket", "cannot be checked now") from exc
    elif authorization is not None and authorization.strip():
        viewer = token_viewer(header_token(authorization))
    else:
        return None
    return await viewer_confirmed(viewer)
