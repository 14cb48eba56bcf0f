"""Django-level error views, so that nothing under /api ever answers HTML."""

from django.http import HttpRequest, JsonResponse


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"errors": {"resource": ["not found"]}}, status=404)


def server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"errors": {"server": ["internal error"]}}, status=500)
