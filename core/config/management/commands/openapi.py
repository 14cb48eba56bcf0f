"""Write the OpenAPI document to openapi.json, or check that the committed one is current."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def render() -> str:
    from api.app import api  # imported late: the API needs the app registry ready

    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Generate openapi.json from the app (--check: fail if the committed file is stale)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "openapi.json"))
        parser.add_argument("--check", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        current = render()
        if options["check"]:
            if not path.exists() or path.read_text() != current:
                raise CommandError(f"{path} is stale: run `make openapi` and commit it.")
            self.stdout.write(f"{path.name} is up to date.")
            return
        path.write_text(current)
        self.stdout.write(f"Wrote {path}.")
