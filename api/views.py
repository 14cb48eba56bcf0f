"""Django-level error views, so that nothing under /api ever answers HTML."""

from django.http import HttpRequest, JsonResponse


def bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    # E.g. a Host header that is not in ALLOWED_HOSTS.
    return JsonResponse({"errors": {"request": ["is invalid"]}}, status=400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"errors": {"request": ["forbidden"]}}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"errors": {"resource": ["not found"]}}, status=404)


def server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"errors": {"server": ["internal error"]}}, status=500)
