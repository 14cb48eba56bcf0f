"""The moderation admin's URLconf: only requests under ADMIN_PATH are resolved here
(core/edge/admin.py sets it on them), so no API URL can reach the admin, nor the reverse."""

from django.conf import settings
from django.urls import path

from core.config.moderation import site

urlpatterns = [path(f"{settings.ADMIN_PATH}/", site.urls)]
