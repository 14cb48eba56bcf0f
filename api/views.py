"""Django-level error views, so that nothing under /api ever answers HTML."""

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

from api import errors


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, DisallowedHost):
        return errors.bad_host().response()
    return errors.error_reply(400, {"request": ["is invalid"]}).response()


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return errors.error_reply(403, {"request": ["forbidden"]}).response()


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if exception is not None:  # a path that names nothing, raised in the resolver's thread
        exception.__traceback__ = None  # it holds frames that hold it: a reference cycle
    return errors.not_found().response()


def server_error(request: HttpRequest) -> HttpResponse:
    return errors.server_error().response()
