"""HTTP middleware, all native async.

Under ASGI a sync middleware (or Django's `MiddlewareMixin` in async mode) runs each hook through
`sync_to_async`: two thread hops per request. Everything here runs on the event loop; Django's own
Common/Security middleware are reused through `InlineHooks`, since their hooks only compute
headers and never block.
"""

from collections.abc import Awaitable, Callable
from typing import cast

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware import common, security
from django.utils.deprecation import MiddlewareMixin

from api import csp
from api.errors import ErrorReply, error_reply, not_found, reply_to
from core.domain import ratelimit
from core.edge.observability import REQUEST_ID_HEADER, new_request_id, request_id

type GetResponse = Callable[[HttpRequest], Awaitable[HttpResponseBase]]


class AsyncMiddleware:
    """Base of a middleware that only runs in async mode (the app is served by ASGI only)."""

    sync_capable = False
    async_capable = True

    def __init__(self, get_response: GetResponse) -> None:
        if not iscoroutinefunction(get_response):
            raise TypeError(f"{type(self).__name__} needs an async middleware chain")
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:
        raise NotImplementedError


class RequestIdMiddleware(AsyncMiddleware):
    """Give every request an id (the client's `X-Request-ID` if sane), for logs and the response."""

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Not reset afterwards: the response is sent (and uvicorn logs it) after this returns,
        # still inside this request's task, and the task's context ends with it.
        rid = new_request_id(request.headers.get(REQUEST_ID_HEADER))
        request_id.set(rid)
        response = await self.get_response(request)
        response.headers[REQUEST_ID_HEADER] = rid
        return response


class InlineHooks(MiddlewareMixin):
    """Run a `MiddlewareMixin`'s `process_request`/`process_response` inline on the event loop.

    Only for hooks that do no I/O; Django would otherwise run each in a worker thread.
    """

    sync_capable = False
    async_capable = True

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        process_request = getattr(self, "process_request", None)
        process_response = getattr(self, "process_response", None)
        response = process_request(request) if process_request else None
        # Always a coroutine here: sync_capable is False, so Django builds an async chain.
        response = response or await cast(GetResponse, self.get_response)(request)
        if process_response is None:
            return response
        return cast(HttpResponseBase, process_response(request, response))


class CommonMiddleware(InlineHooks, common.CommonMiddleware):
    """Django's: validates the Host header against ALLOWED_HOSTS, sets Content-Length."""


class SecurityMiddleware(InlineHooks, security.SecurityMiddleware):
    """Django's: nosniff, Referrer-Policy, Cross-Origin-Opener-Policy, HSTS and HTTPS redirect."""


class ContentSecurityPolicyMiddleware(AsyncMiddleware):
    """A strict CSP on every response, and frame denial.

    HTML pages get the page policy (api/csp.py SPA), everything else (JSON) the API's: an API
    response is never a document that may load anything. A response that already has a policy
    keeps it (the docs pages and the admin set their own). The ASGI edge (core/edge/guard.py)
    does the same for what Django does not answer.
    """

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = await self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_html = response.get("Content-Type", "").startswith("text/html")
            response.headers["Content-Security-Policy"] = csp.SPA if is_html else csp.API
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


class JsonErrorsMiddleware(AsyncMiddleware):
    """Error responses under /api that are not JSON yet (Ninja's 405) get the spec's shape."""

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = await self.get_response(request)
        if (
            response.status_code >= 400
            and (request.path == "/api" or request.path.startswith("/api/"))
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            if response.status_code == 405:
                body = {"method": [f"{request.method} is not allowed here"]}
            else:
                body = {"request": [response.reason_phrase.lower()]}
            kept = tuple((h, response[h]) for h in ("Allow", "Retry-After") if h in response)
            return ErrorReply(response.status_code, body, kept).response()
        return response


class RejectNulMiddleware(AsyncMiddleware):
    """A NUL character in the path or the query string matches nothing (PostgreSQL even refuses
    it in a query): the path answers 404, a query parameter 422, before any database work."""

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if "\x00" in request.path:
            return not_found().response()
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.META.get(
            "QUERY_STRING", ""
        ):
            bad = {
                key or "query": ["must not contain control characters"]
                for key, values in request.GET.lists()
                if "\x00" in key or any("\x00" in value for value in values)
            }
            if bad:
                return error_reply(422, bad).response()
        return await self.get_response(request)


class ClientRateLimitMiddleware(AsyncMiddleware):
    """A ceiling on the requests one client (IP) may make to the API (`RATE_LIMIT_CLIENT`).

    Health checks are exempt: load balancers poll them.
    """

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path, rate = request.path, settings.RATE_LIMIT_CLIENT
        if rate is not None and path.startswith("/api/") and not path.startswith("/api/health"):
            try:
                await ratelimit.hit("client", ratelimit.client_id(request), rate)
            except ratelimit.RateLimited as exc:
                return reply_to(exc).response()
        return await self.get_response(request)
