from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The Django project itself: settings, URLs, the ASGI entry point, the docs' templates and
    static files, and the `openapi` command (it needs the routers, which the domain may not)."""

    name = "core.config"
    label = "config"
    verbose_name = "Conduit configuration"

    def ready(self) -> None:
        from core.config import checks  # noqa: F401  (registers the deploy checks)
        from core.domain.events.outbox import set_renderer
        from core.edge import observability  # noqa: F401  (connects the slow-query watcher)
        from schemas.events import render_event

        # The domain records event snapshots; their wire format is the schemas' (one definition).
        set_renderer(render_event)
