"""`manage.py prune_events`: delete outbox events older than the retention window.

Run it periodically (cron, a systemd timer). A stream resuming from an id older than what is
kept then gets a `reset` event instead of the events it missed.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from core.domain.events.outbox import prune


class Command(BaseCommand):
    help = "Delete events older than EVENTS_RETENTION_SECONDS (default 24 h) from the outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seconds",
            type=int,
            default=settings.EVENTS_RETENTION_SECONDS,
            help="Keep events younger than this (default: EVENTS_RETENTION_SECONDS).",
        )

    def handle(self, *args: Any, seconds: int, **options: Any) -> None:
        deleted = prune(timedelta(seconds=seconds))
        self.stdout.write(f"deleted {deleted} events older than {seconds} s")
