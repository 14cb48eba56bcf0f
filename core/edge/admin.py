"""The moderation admin's middleware, scoped to its path.

Django's admin needs sessions, CSRF, authentication and messages. The API must never see them:
an API request accepts no session cookie and pays for no session lookup. So `MIDDLEWARE` holds
one `AdminOnlyMiddleware`, which builds the chain of `ADMIN_MIDDLEWARE` once and sends only
requests under `/<ADMIN_PATH>/` through it (resolved against the admin's own URLconf); every
other request passes straight on. With the admin off (no ADMIN_PATH) it removes itself.
"""

from typing import cast

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.module_loading import import_string

from api import csp
from core.domain import ratelimit
from core.edge.middleware import AsyncMiddleware, GetResponse

# A function of ADMIN_PATH giving the admin's URLconf (in core.config, above this layer).
ADMIN_URLCONF = "core.config.admin_urls.admin_urls"


def admin_prefix() -> str:
    return f"/{settings.ADMIN_PATH}/"


class AdminOnlyMiddleware(AsyncMiddleware):
    """Run ADMIN_MIDDLEWARE for requests under the admin's path, and nothing for the rest."""

    def __init__(self, get_response: GetResponse) -> None:
        super().__init__(get_response)
        if not settings.ADMIN_PATH:
            raise MiddlewareNotUsed("the admin is off (ADMIN_PATH is not set)")
        self.prefix = admin_prefix()
        urlconf = import_string(ADMIN_URLCONF)(settings.ADMIN_PATH)

        async def admin_view(request: HttpRequest) -> HttpResponseBase:
            request.urlconf = urlconf  # Django resolves the request there
            return await get_response(request)

        chain = cast(GetResponse, convert_exception_to_response(admin_view))
        for path in reversed(settings.ADMIN_MIDDLEWARE):
            middleware = import_string(path)(chain)
            chain = cast(GetResponse, convert_exception_to_response(middleware))
        self.admin = chain

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path.startswith(self.prefix):
            return await self.admin(request)
        return await self.get_response(request)


class AdminHttpsOnlyMiddleware(AsyncMiddleware):
    """In production the admin answers only over HTTPS (behind a proxy: SECURE_PROXY_SSL_HEADER):
    a password or session cookie must never cross the network in clear."""

    def __init__(self, get_response: GetResponse) -> None:
        super().__init__(get_response)
        self.required = settings.PRODUCTION or settings.ADMIN_REQUIRE_HTTPS

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.required and not request.is_secure():
            return HttpResponse(
                "The admin is served over HTTPS only.\n", status=403, content_type="text/plain"
            )
        return await self.get_response(request)


class AdminHeadersMiddleware(AsyncMiddleware):
    """The admin's pages: a CSP that fits Django's admin, never cached, never indexed."""

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = await self.get_response(request)
        response.headers["Content-Security-Policy"] = csp.ADMIN
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response


class AdminLoginRateLimitMiddleware(AsyncMiddleware):
    """A ceiling on sign-in attempts (RATE_LIMIT_ADMIN_LOGIN), per client address and per
    username, so that a staff password cannot be guessed at speed."""

    def __init__(self, get_response: GetResponse) -> None:
        super().__init__(get_response)
        self.login_path = admin_prefix() + "login/"

    async def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method == "POST" and request.path == self.login_path:
            rate = settings.RATE_LIMIT_ADMIN_LOGIN
            username = str(request.POST.get("username", "")).strip().lower()[:150]
            try:
                await ratelimit.hit("admin-login-ip", ratelimit.client_id(request), rate)
                await ratelimit.hit("admin-login-account", username, rate)
            except ratelimit.RateLimited as exc:
                response = HttpResponse(
                    f"Too many sign-in attempts: retry in {exc.retry_after} s.\n",
                    status=429,
                    content_type="text/plain",
                )
                response.headers["Retry-After"] = str(exc.retry_after)
                return response
        return await self.get_response(request)
