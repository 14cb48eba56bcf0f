"""Requests leave no reference cycles: what a request allocates is freed by reference counting
when it ends, never left for the cyclic collector (whose young-generation pauses, every few hundred
requests, made p99 at one client 53-121 ms: docs/performance.md, "Tail latency").

Each endpoint is called through the ASGI application as uvicorn calls it (not Django's test
client, whose handler is not ours); after a warm-up the collector is off while the requests run,
and `gc.collect()` then returns how many objects only it could free.
"""

import gc

import pytest

from core.config.asgi import application
from tests import asgi, factories

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 10
# Cyclic objects one request may leave: none today. Django's own handler left ~95 (a class and
# an exception per request, core/edge/handlers.py); a budget above zero would hide a new cycle.
ALLOWED_PER_REQUEST = 0


async def call(method: str, path: str, token: str = "", body: bytes = b"") -> int:
    """One request through the ASGI app, the way uvicorn sends it; its status."""
    json = [(b"content-type", b"application/json")]
    answer = await asgi.request(
        application, path, method=method, token=token, body=body, headers=json
    )
    return answer.status


async def cyclic_garbage(
    method: str, path: str, token: str = "", body: bytes = b"", expected: int = 200
) -> int:
    """Objects left in cycles by REQUESTS calls of one endpoint, answered `expected` (201 counts
    as 200), after a warm-up."""
    for _ in range(3):  # first calls fill caches (URL resolution, schemas, prepared queries)
        await call(method, path, token, body)
    # The collector counts the whole process: a thread left by an earlier test (a server shutting
    # down) can add garbage while ours run. A cycle the request makes shows in every round, so
    # the fewest over two rounds is the request's own.
    rounds = []
    for _ in range(2):
        gc.collect()
        gc.disable()
        try:
            statuses = {await call(method, path, token, body) for _ in range(REQUESTS)}
            rounds.append(gc.collect())
        finally:
            gc.enable()
        assert statuses <= ({200, 201} if expected == 200 else {expected}), statuses
    return min(rounds)


ARTICLE = b'{"article":{"title":"Cycles","description":"d","body":"b","tagList":["gc","x"]}}'


@pytest.mark.parametrize(
    ("method", "path", "auth", "body"),
    [
        ("GET", "/api/articles", False, b""),
        ("GET", "/api/articles?tag=gc", False, b""),
        ("GET", "/api/articles/feed", True, b""),
        ("GET", "/api/articles/{slug}", True, b""),
        ("GET", "/api/articles/{slug}/comments", False, b""),
        ("GET", "/api/tags", False, b""),
        ("GET", "/api/user", True, b""),
        ("GET", "/api/profiles/{author}", True, b""),
        ("PUT", "/api/user", True, b'{"user":{"bio":"no cycles"}}'),
        ("POST", "/api/articles", True, ARTICLE),
        ("POST", "/api/articles/{slug}/favorite", True, b""),
        ("DELETE", "/api/articles/{slug}/favorite", True, b""),
        ("POST", "/api/articles/{slug}/comments", True, b'{"comment":{"body":"hi"}}'),
        ("POST", "/api/profiles/{author}/follow", True, b""),
        ("DELETE", "/api/profiles/{author}/follow", True, b""),
    ],
)
async def test_a_request_leaves_no_reference_cycles(method, path, auth, body, member, other):
    article = await factories.article(other.user, tags=["gc"])
    await factories.comment(article, other.user)
    path = path.format(slug=article.slug, author=other.user.username)
    found = await cyclic_garbage(method, path, member.token if auth else "", body)
    assert found <= ALLOWED_PER_REQUEST * REQUESTS, (
        f"{method} {path}: {found} objects in reference cycles after {REQUESTS} requests; "
        "find them with gc.set_debug(gc.DEBUG_SAVEALL) and gc.garbage"
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/api/articles/no-such-article", b"", 404),
        ("GET", "/api/no/such/path", b"", 404),  # Django's resolver, in a thread
        ("POST", "/api/articles", b'{"article":{}}', 422),  # Ninja's validation
        ("POST", "/api/articles", b"{not json", 422),
        ("GET", "/api/articles?limit=many", b"", 422),
        ("PATCH", "/api/tags", b"", 405),
        ("GET", "/api/user", b"", 401),
    ],
)
async def test_an_error_leaves_no_reference_cycles(method, path, body, status, member):
    token = "" if status == 401 else member.token
    found = await cyclic_garbage(method, path, token, body, expected=status)
    assert found <= ALLOWED_PER_REQUEST * REQUESTS, (
        f"{method} {path}: {found} objects in reference cycles after {REQUESTS} requests"
    )
