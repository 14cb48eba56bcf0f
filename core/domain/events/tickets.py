"""Stream tickets: the browser's `EventSource` cannot send an `Authorization` header, so a
signed-in client trades its token for a ticket (`POST /api/events/ticket`) and puts that in the
stream's URL. A ticket is random, expires after `EVENTS_TICKET_SECONDS` and works once, so one
seen in a log or a proxy's history is worthless. Tickets live in the default cache (Redis when
`REDIS_URL` is set, so any worker can redeem one).
"""

import secrets

from django.conf import settings
from django.core.cache import caches

from core.domain.auth import Viewer
from core.domain.errors import Unauthorized
from core.domain.limits import TICKET_MAX

_PREFIX = "events-ticket:"


async def ticket_issue(viewer: Viewer) -> str:
    ticket = secrets.token_urlsafe(24)
    value = f"{viewer.id}:{viewer.epoch}:{viewer.session}"
    await caches["default"].aset(_PREFIX + ticket, value, timeout=settings.EVENTS_TICKET_SECONDS)
    return ticket


async def ticket_redeem(ticket: str) -> Viewer:
    """The viewer a ticket was issued to; `Unauthorized` if unknown, expired or already used."""
    cache = caches["default"]
    key = _PREFIX + ticket
    value = await cache.aget(key) if 0 < len(ticket) <= TICKET_MAX else None
    # Only one of several concurrent redeemers deletes it: that one gets the viewer.
    if not isinstance(value, str) or not await cache.adelete(key):
        raise Unauthorized({"ticket": ["is invalid, expired or already used"]})
    user_id, epoch, session = value.split(":", 2)
    return Viewer(id=int(user_id), session=session, epoch=int(epoch))
