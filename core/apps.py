from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Conduit"

    def ready(self) -> None:
        from core import observability  # noqa: F401  (connects the slow-query watcher)
