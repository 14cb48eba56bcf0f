from collections.abc import AsyncIterator, Iterator

import pytest

from tests import live
from tests.events.streams import Clients


@pytest.fixture(scope="module")
def events_db(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None
) -> Iterator[dict[str, str]]:
    """A migrated database of this module's own for the servers its tests start (so their
    outbox holds only the events these tests cause)."""
    with live.fresh_database(tmp_path_factory.mktemp("events")) as env:
        yield env


@pytest.fixture
async def clients() -> AsyncIterator[Clients]:
    """Opens event streams on live servers; hangs them all up after the test."""
    opened = Clients()
    yield opened
    await opened.close_all()
