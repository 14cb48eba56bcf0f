"""`POST /api/events/ticket`. The streams themselves are ASGI apps beside Django:
`GET /api/events` (api/event_stream.py, documented in the OpenAPI document by api/openapi.py)
and `/ws/events` (api/event_socket.py)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Router
from redis.exceptions import RedisError

from api.auth import session, token
from api.rendering import respond
from api.responses import UNAUTHORIZED, UNAVAILABLE
from core.domain.errors import unavailable
from core.domain.events.tickets import ticket_issue
from schemas.events import EventsTicketResponse

router = Router(tags=["Events"])


@router.post(
    "/events/ticket",
    auth=token,
    response={201: EventsTicketResponse, **UNAUTHORIZED, **UNAVAILABLE},
    operation_id="CreateEventsTicket",
    summary="Get a ticket to open an event stream",
    description=(
        "A short-lived, single-use ticket that authenticates `GET /api/events?ticket=...`, for "
        "clients that cannot send an `Authorization` header on a stream (the browser's "
        "`EventSource`). Auth is required."
    ),
)
async def create_ticket(request: HttpRequest) -> HttpResponse:
    try:
        ticket = await ticket_issue(session(request).viewer)
    except (RedisError, OSError) as exc:
        raise unavailable("ticket", "cannot be issued now") from exc
    return respond(
        EventsTicketResponse,
        {"ticket": ticket, "expiresIn": settings.EVENTS_TICKET_SECONDS},
        status=201,
    )
