from collections.abc import AsyncIterator, Iterator

import pytest

from tests import live
from tests.events.streams import Clients, Rest

# Tests register many users from one address; the limits have tests of their own.
NO_LIMITS = {"RATE_LIMIT_CLIENT": "off", "RATE_LIMIT_REGISTER_IP": "off"}
HEARTBEAT = 0.5
SPA_ORIGIN = "http://localhost:5173"  # e.g. the Vite dev server


@pytest.fixture(scope="session")
def events_server(
    live_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[live.Server]:
    """The app under uvicorn for the stream tests, with a short heartbeat."""
    env = {
        **live_env,
        **NO_LIMITS,
        "EVENTS_HEARTBEAT_SECONDS": str(HEARTBEAT),
        "CORS_ALLOWED_ORIGINS": SPA_ORIGIN,
    }
    with live.serving(env, tmp_path_factory.mktemp("events") / "uvicorn.log") as server:
        yield server


@pytest.fixture
async def writer(events_server: live.Server) -> AsyncIterator[Rest]:
    user = await Rest.register(events_server.url)
    yield user
    await user.close()


@pytest.fixture
async def reader(events_server: live.Server) -> AsyncIterator[Rest]:
    user = await Rest.register(events_server.url)
    yield user
    await user.close()


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
