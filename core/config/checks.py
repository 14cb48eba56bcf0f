"""Deploy checks for what Django's own cannot see (`manage.py check --deploy`).

Django's security checks look for its middleware by dotted path; ours are native-async
subclasses of the same classes (core/edge/middleware.py), so Django would report them missing
(security.W001/W002) and skip the HSTS and HTTPS-redirect checks that depend on them. Those
warnings are silenced in settings and replaced here by checks that see our classes. CSRF
middleware (security.W003) does not apply: no cookie authenticates anything, tokens travel in
the Authorization header.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils.module_loading import import_string

from core.edge.middleware import ContentSecurityPolicyMiddleware


def _installed(base: type) -> bool:
    return any(issubclass(import_string(path), base) for path in settings.MIDDLEWARE)


@register(Tags.security, deploy=True)
def check_edge_security(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    found: list[CheckMessage] = []
    if not _installed(SecurityMiddleware):
        found.append(
            Warning("No SecurityMiddleware (or subclass) in MIDDLEWARE.", id="conduit.W001")
        )
    elif not settings.SECURE_HSTS_SECONDS:
        found.append(Warning("SECURE_HSTS_SECONDS is 0: browsers are not told to keep to HTTPS.",
                             id="conduit.W004"))  # fmt: skip
    elif not settings.SECURE_SSL_REDIRECT:
        found.append(
            Warning("SECURE_SSL_REDIRECT is off: plain HTTP is answered.", id="conduit.W008")
        )
    if not (_installed(XFrameOptionsMiddleware) or _installed(ContentSecurityPolicyMiddleware)):
        found.append(Warning("Nothing sets X-Frame-Options.", id="conduit.W002"))
    return found
