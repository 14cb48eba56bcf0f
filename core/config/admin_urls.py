"""The moderation admin's URLconf: only requests under ADMIN_PATH are resolved against it
(core/edge/admin.py sets it on them), so no API URL reaches the admin, nor the reverse."""

import functools

from django.urls import URLPattern, URLResolver, path

from core.config.moderation import site


class AdminUrls:
    """A URLconf (Django reads `urlpatterns`) for the admin at one path."""

    def __init__(self, prefix: str) -> None:
        self.urlpatterns: list[URLPattern | URLResolver] = [path(f"{prefix}/", site.urls)]


@functools.cache
def admin_urls(prefix: str) -> AdminUrls:
    """The admin's URLconf at `prefix` (ADMIN_PATH), one per prefix: Django caches resolvers
    by URLconf."""
    return AdminUrls(prefix)
