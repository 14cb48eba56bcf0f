from django.apps import AppConfig


class DomainConfig(AppConfig):
    """Conduit's models, services, selectors and events. The label stays `core`, so tables
    (`core_article`, ...) and migrations keep their names from before the package split."""

    name = "core.domain"
    label = "core"
    verbose_name = "Conduit"
