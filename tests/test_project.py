"""Project-level checks: the committed contract and migrations match the code."""

import pytest
from django.core.management import call_command


def test_openapi_json_is_current():
    call_command("openapi", "--check")


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
